using CrossBorder.Contracts.V1;
using CrossBorder.Core.Errors;
using CrossBorder.Core.Storage;
using Microsoft.Extensions.Logging;

namespace CrossBorder.Gateway.Exchange;

/// <summary>
/// The audit of refused bytes that were never authenticated, per peer and window: the first such
/// refusal of a window that concerns a routed message is audited on its own (its id and digest,
/// as any refusal), the others are counted per reason code and written as one REFUSALS entry per
/// code when the window closes (or at shutdown). A flood of junk thus costs one durable write per
/// peer and window instead of one per envelope; the chain stays one chain.
/// </summary>
internal sealed class RefusalAudit : IAsyncDisposable
{
    private readonly IAuditTrail _store;
    private readonly TimeProvider _time;
    private readonly TimeSpan _window;
    private readonly ILogger _logger;
    private readonly Lock _lock = new();
    private readonly Dictionary<string, Window> _open = new(StringComparer.Ordinal);
    private readonly List<(string Peer, Window Window)> _closed = [];
    private readonly ITimer _timer;
    private readonly SemaphoreSlim _writing = new(1, 1);

    public RefusalAudit(IAuditTrail store, TimeProvider time, TimeSpan window, ILogger logger)
    {
        _store = store;
        _time = time;
        _window = window;
        _logger = logger;
        _timer = time.CreateTimer(_ => _ = FlushAsync(all: false), null, window, window);
    }

    /// <summary>Counts a refusal of <paramref name="peer"/> that gets no entry of its own.</summary>
    public void Count(string peer, ReasonCode reason) => Note(peer, reason, ownEntry: false);

    /// <summary>
    /// Notes a refusal that could be audited on its own; true when it should be (the first of the
    /// peer's window), false when it was counted instead.
    /// </summary>
    public bool Note(string peer, ReasonCode reason, bool ownEntry)
    {
        ArgumentNullException.ThrowIfNull(peer);
        var now = _time.GetUtcNow();
        lock (_lock)
        {
            if (!_open.TryGetValue(peer, out var window) || now >= window.Start + _window)
            {
                if (window is not null && window.Counts.Count > 0)
                {
                    _closed.Add((peer, window));
                }

                window = new Window(now);
                _open[peer] = window;
            }

            if (ownEntry && !window.OwnEntryTaken)
            {
                window.OwnEntryTaken = true;
                return true;
            }

            window.Counts[reason] = window.Counts.GetValueOrDefault(reason) + 1;
            return false;
        }
    }

    /// <summary>Writes the counts of the closed windows, or of every window when <paramref name="all"/> (shutdown).</summary>
    public async Task FlushAsync(bool all)
    {
        var now = _time.GetUtcNow();
        List<(string Peer, Window Window)> due;
        lock (_lock)
        {
            due = [.. _closed];
            _closed.Clear();
            foreach (var (peer, window) in _open.Where(w => all || now >= w.Value.Start + _window).ToList())
            {
                _open.Remove(peer);
                if (window.Counts.Count > 0)
                {
                    due.Add((peer, window));
                }
            }
        }

        if (due.Count == 0)
        {
            return;
        }

        await _writing.WaitAsync().ConfigureAwait(false);
        try
        {
            foreach (var (peer, window) in due)
            {
                var end = window.Start + _window < now ? window.Start + _window : now;
                await _store.RecordRefusalsAsync(peer, window.Counts, end, CancellationToken.None).ConfigureAwait(false);
                ExchangeLog.RefusalsAudited(_logger, peer, window.Counts.Values.Sum(), string.Join(' ', window.Counts.Select(c => $"{c.Key.Name()}={c.Value}")));
            }
        }
        catch (Exception ex) when (ex is not OutOfMemoryException)
        {
            // The store may be gone at shutdown; the counts are also in the log and the metrics.
            ExchangeLog.RefusalAuditFailed(_logger, ex.GetType().FullName ?? "exception");
        }
        finally
        {
            _writing.Release();
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _timer.DisposeAsync().ConfigureAwait(false);
        await FlushAsync(all: true).ConfigureAwait(false);
        _writing.Dispose();
    }

    private sealed class Window(DateTimeOffset start)
    {
        public DateTimeOffset Start { get; } = start;

        public bool OwnEntryTaken { get; set; }

        public Dictionary<ReasonCode, int> Counts { get; } = [];
    }
}
