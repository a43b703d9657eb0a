using System.Diagnostics.Metrics;
using CrossBorder.Core.Delivery.States;
using CrossBorder.Core.Storage;
using CrossBorder.Core.Telemetry;
using Microsoft.Extensions.Hosting;

namespace CrossBorder.Gateway.Hosting;

/// <summary>
/// The outbox backlog behind the gauges <c>crossborder.outbox.depth</c> and
/// <c>crossborder.outbox.oldest_age</c>. Gauges are read synchronously and the store
/// asynchronously, so the gauges show the last reading: taken before every scrape of
/// <c>/metrics</c>, by every health check, and every <see cref="Period"/> for other exporters.
/// A failed read shows no backlog at all rather than an old one (the health check says why).
/// </summary>
internal sealed class OutboxBacklogMonitor : BackgroundService
{
    private static readonly TimeSpan Period = TimeSpan.FromSeconds(15);

    private readonly IOutboxStore _store;
    private readonly TimeProvider _time;
    private volatile OutboxBacklog? _last;

    public OutboxBacklogMonitor(IOutboxStore store, GatewayMetrics metrics, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        _store = store;
        _time = time;
        metrics.ObserveOutbox(Depth, OldestAge);
    }

    /// <summary>Reads the backlog now; throws what the store throws (and forgets the last reading).</summary>
    public async Task<OutboxBacklog> RefreshAsync(CancellationToken cancellationToken)
    {
        try
        {
            var backlog = await _store.OutboxBacklogAsync(cancellationToken).ConfigureAwait(false);
            _last = backlog;
            return backlog;
        }
        catch
        {
            _last = null;
            throw;
        }
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        using var timer = new PeriodicTimer(Period, _time);
        try
        {
            do
            {
                try
                {
                    await RefreshAsync(stoppingToken).ConfigureAwait(false);
                }
                catch (Exception ex) when (ex is not OperationCanceledException)
                {
                    // Reported by the health check, which reads the same way.
                }
            }
            while (await timer.WaitForNextTickAsync(stoppingToken).ConfigureAwait(false));
        }
        catch (OperationCanceledException)
        {
            // stopping
        }
    }

    private IEnumerable<Measurement<long>> Depth() => _last is { } backlog
        ? backlog.Pending.Select(p => new Measurement<long>(p.Value, new KeyValuePair<string, object?>("state", StateNames.Name(p.Key))))
        : [];

    private IEnumerable<Measurement<double>> OldestAge() => _last is { } backlog
        ? [new Measurement<double>(backlog.OldestQueuedAt is { } queued ? Math.Max(0, (_time.GetUtcNow() - queued).TotalSeconds) : 0)]
        : [];
}
