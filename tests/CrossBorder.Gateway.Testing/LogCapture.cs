using System.Collections.Concurrent;
using Microsoft.Extensions.Logging;

namespace CrossBorder.Gateway.Testing;

/// <summary>
/// Collects what a gateway logs, so that a test can read the reason of a refusal where the
/// server wrote it (a refused TLS client certificate reaches the client only as UNAVAILABLE)
/// and can fail when the server logged an error nobody expected.
/// </summary>
internal sealed class LogCapture : ILoggerProvider
{
    private static readonly TimeSpan PollInterval = TimeSpan.FromMilliseconds(20);

    private readonly ConcurrentQueue<LogEntry> _entries = new();

    public IReadOnlyList<LogEntry> Entries => [.. _entries];

    public ILogger CreateLogger(string categoryName) => new CapturingLogger(categoryName, this);

    public void Add(LogEntry entry) => _entries.Enqueue(entry);

    /// <summary>
    /// The first event with <paramref name="eventId"/>; waits a little, because the server may
    /// finish writing it just after the client saw the connection fail.
    /// </summary>
    public async Task<LogEntry> WaitForAsync(int eventId, TimeSpan? timeout = null)
    {
        var limit = TimeProvider.System.GetTimestamp();
        var wait = timeout ?? TimeSpan.FromSeconds(5);
        while (true)
        {
            var entry = _entries.FirstOrDefault(e => e.EventId.Id == eventId);
            if (entry is not null)
            {
                return entry;
            }

            if (TimeProvider.System.GetElapsedTime(limit) > wait)
            {
                Assert.Fail($"no log event {eventId} within {wait}; the server logged:{Environment.NewLine}{Dump()}");
            }

            await Eventually.PauseAsync(PollInterval);
        }
    }

    public IReadOnlyList<LogEntry> WithEventId(int eventId) => [.. _entries.Where(e => e.EventId.Id == eventId)];

    /// <summary>Fails when the server logged an error or worse, other than the listed event ids.</summary>
    public void AssertNoUnexpectedErrors(params int[] expectedEventIds)
    {
        var unexpected = _entries
            .Where(e => e.Level >= LogLevel.Error && !expectedEventIds.Contains(e.EventId.Id))
            .ToList();
        Assert.True(unexpected.Count == 0, $"the server logged unexpected errors:{Environment.NewLine}{string.Join(Environment.NewLine, unexpected)}");
    }

    public string Dump() => string.Join(Environment.NewLine, _entries);

    /// <summary>Both faces of a gateway share one capture and each disposes its providers: nothing to release here.</summary>
    public void Dispose()
    {
    }
}
