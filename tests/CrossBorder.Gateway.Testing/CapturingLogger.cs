using Microsoft.Extensions.Logging;

namespace CrossBorder.Gateway.Testing;

/// <summary>A logger that hands every enabled event to its <see cref="LogCapture"/>.</summary>
internal sealed class CapturingLogger(string category, LogCapture capture) : ILogger
{
    public IDisposable? BeginScope<TState>(TState state)
        where TState : notnull => null;

    public bool IsEnabled(LogLevel logLevel) => logLevel != LogLevel.None;

    public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
    {
        ArgumentNullException.ThrowIfNull(formatter);
        capture.Add(new LogEntry(category, logLevel, eventId, formatter(state, exception), exception));
    }
}
