using Microsoft.Extensions.Logging;

namespace CrossBorder.Gateway.Testing;

/// <summary>One log event a gateway wrote, as its formatter rendered it.</summary>
internal sealed record LogEntry(string Category, LogLevel Level, EventId EventId, string Message, Exception? Exception)
{
    public override string ToString() => $"{Level} {Category}[{EventId.Id}] {Message}{(Exception is null ? "" : " " + Exception.GetType().Name)}";
}
