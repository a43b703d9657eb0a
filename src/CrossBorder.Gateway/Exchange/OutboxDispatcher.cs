using System.Collections.Concurrent;
using System.Threading.Channels;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Delivery.Outbound;
using CrossBorder.Core.Delivery.Receipts;
using CrossBorder.Core.Storage;
using CrossBorder.Core.Telemetry;
using CrossBorder.Core.Trust;
using CrossBorder.Gateway.Configuration;
using CrossBorder.Gateway.Peers;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CrossBorder.Gateway.Exchange;

/// <summary>
/// Schedules what the outbox holds: claims due messages into a bounded number of delivery slots (a
/// lease guards each attempt, so a crash mid-send only delays it), runs each as one
/// <see cref="DeliveryAttempt"/> (send, verify the receipt, record the outcome), wakes up for
/// queued messages and scheduled retries, and records non-delivery at expiry. It holds no delivery
/// logic of its own (the inbox is purged by <see cref="InboxPurge"/>).
/// </summary>
internal sealed class OutboxDispatcher : BackgroundService, IOutbox
{
    private static readonly TimeSpan IdlePoll = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan ExpireEvery = TimeSpan.FromSeconds(1);

    private readonly IOutboxStore _store;
    private readonly GrpcPeerClient _peers;
    private readonly DeliveryAttempt _attempt;
    private readonly DeliverySchedule _schedule;
    private readonly TimeProvider _time;
    private readonly ILogger<OutboxDispatcher> _logger;
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly SemaphoreSlim _slots;
    private readonly ConcurrentDictionary<Task, bool> _inFlight = new();
    private CancellationToken _stopping;

    /// <summary>
    /// 1 when the outbox may hold due messages the dispatcher has not claimed: set by a queued
    /// message or a scheduled retry, and when the last claim filled every free slot or could not
    /// look. A freed slot wakes the dispatcher only then, so that direct first attempts finishing
    /// do not each cost a claim query.
    /// </summary>
    private int _backlog = 1;
    private DateTimeOffset _nextExpiry = DateTimeOffset.MinValue;

    public OutboxDispatcher(
        ParticipantId self,
        ExchangeSettings exchange,
        TlsIdentity tls,
        EnvelopeSize envelopeSize,
        TrustListManager trust,
        IOutboxStore store,
        PeerCertificateValidator peers,
        GatewayMetrics metrics,
        TimeProvider time,
        ILogger<OutboxDispatcher> logger)
    {
        _store = store;
        _time = time;
        _logger = logger;
        _schedule = new DeliverySchedule(exchange.DeliveryTimeout, exchange.Retry, new Random());
        _peers = new GrpcPeerClient(tls.Certificate, tls.Chain, peers, envelopeSize.MaxBytes, time, logger);
        _attempt = new DeliveryAttempt(
            self, trust, _peers, new ReceiptVerifier(self, new TrustListSignerValidator(peers)), _schedule, store, metrics, time, logger);
        _slots = new SemaphoreSlim(exchange.DispatchParallelism);
    }

    /// <summary>Tells the dispatcher that a message was queued (or a retry scheduled): it looks for due messages now.</summary>
    public void Wake()
    {
        Volatile.Write(ref _backlog, 1);
        _wake.Writer.TryWrite(true);
    }

    /// <summary>
    /// Queues a message the local face has sealed. With a delivery slot free, it is queued already
    /// claimed and its first attempt starts at once, on the caller's thread until the attempt first
    /// waits (the peer call is under way by then): one commit less than queue-then-claim, and no
    /// wake-up in between. Otherwise it is queued for the dispatcher to claim. Throws
    /// <see cref="DuplicateSubmissionException"/> when a concurrent retry of the same submission was
    /// queued first.
    /// </summary>
    public async Task QueueAsync(OutboundMessage message, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        if (!_slots.Wait(0, CancellationToken.None))
        {
            await _store.EnqueueAsync(message, now, cancellationToken).ConfigureAwait(false);
            Wake();
            return;
        }

        try
        {
            await _store.EnqueueClaimedAsync(message, now, _schedule.Lease, cancellationToken).ConfigureAwait(false);
        }
        catch
        {
            _slots.Release();
            throw;
        }

        Start(message with { Attempts = 1 }, inline: true);
    }

    /// <inheritdoc cref="QueueAsync(OutboundMessage, DateTimeOffset, CancellationToken)"/>
    public Task QueueAsync(OutboundMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        return QueueAsync(message, message.CreatedAt, cancellationToken);
    }

    public override void Dispose()
    {
        _peers.Dispose();
        _slots.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _stopping = stoppingToken;
        try
        {
            // What this process (this replica, on a shared store) was sending when it stopped is due now.
            await _store.ReleaseLeasesAsync(_time.GetUtcNow(), stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return;
        }
        catch (Exception ex)
        {
            // The store did not answer: the leases run out by themselves, and the loop below waits for the store.
            ExchangeLog.DispatcherFailed(_logger, ex.GetType().FullName ?? "exception");
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await ExpireIfDueAsync(stoppingToken).ConfigureAwait(false);
                var free = _slots.CurrentCount;
                Volatile.Write(ref _backlog, 0);
                var claimed = free == 0
                    ? []
                    : await _store.ClaimDueAsync(_time.GetUtcNow(), free, _schedule.Lease, stoppingToken).ConfigureAwait(false);
                if (free == 0 || claimed.Count == free)
                {
                    Volatile.Write(ref _backlog, 1);
                }

                foreach (var message in claimed)
                {
                    await _slots.WaitAsync(stoppingToken).ConfigureAwait(false);
                    Start(message);
                }

                if (claimed.Count == 0 || _slots.CurrentCount == 0)
                {
                    await WaitAsync(free == 0, stoppingToken).ConfigureAwait(false);
                }
            }
            catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
            {
                break;
            }
            catch (Exception ex)
            {
                ExchangeLog.DispatcherFailed(_logger, ex.GetType().FullName ?? "exception");
                Volatile.Write(ref _backlog, 1);
                await Task.Delay(TimeSpan.FromSeconds(1), _time, stoppingToken).ConfigureAwait(false);
            }
        }

        // Let attempts under way finish or be cancelled; their leases cover them after a restart.
        await Task.WhenAll(_inFlight.Keys).ConfigureAwait(false);
    }

    /// <summary>Runs one attempt in a slot already taken; the slot is given back when it ends.</summary>
    private void Start(OutboundMessage message, bool inline = false)
    {
        var stopping = _stopping;
        var task = inline ? AttemptAsync(message, stopping) : Task.Run(() => AttemptAsync(message, stopping), CancellationToken.None);
        _inFlight[task] = true;
        _ = task.ContinueWith(
            t =>
            {
                _inFlight.TryRemove(t, out _);
                _slots.Release();
                if (Volatile.Read(ref _backlog) != 0)
                {
                    _wake.Writer.TryWrite(true);
                }
            },
            CancellationToken.None,
            TaskContinuationOptions.ExecuteSynchronously,
            TaskScheduler.Default);
    }

    private async Task WaitAsync(bool slotsFull, CancellationToken stoppingToken)
    {
        var delay = IdlePoll;
        if (!slotsFull && await _store.NextDueAsync(stoppingToken).ConfigureAwait(false) is { } next)
        {
            var until = next - _time.GetUtcNow();
            delay = until < TimeSpan.Zero ? TimeSpan.Zero : until < delay ? until : delay;
        }

        if (delay == TimeSpan.Zero)
        {
            return;
        }

        using var timer = new CancellationTokenSource(delay, _time);
        using var timeout = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, timer.Token);
        try
        {
            await _wake.Reader.ReadAsync(timeout.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (!stoppingToken.IsCancellationRequested)
        {
        }
    }

    private async Task ExpireIfDueAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        if (now >= _nextExpiry)
        {
            _nextExpiry = now + ExpireEvery;
            await ExpireNowAsync(cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Records non-delivery for every pending message past its expiry.</summary>
    internal async Task ExpireNowAsync(CancellationToken cancellationToken)
    {
        foreach (var id in await _store.ExpireAsync(_time.GetUtcNow(), ReasonCode.Stale, cancellationToken).ConfigureAwait(false))
        {
            ExchangeLog.Expired(_logger, id);
        }
    }

    /// <summary>One attempt; a scheduled retry may be due before the dispatcher's next look, so it wakes the dispatcher.</summary>
    private async Task AttemptAsync(OutboundMessage message, CancellationToken stoppingToken)
    {
        if (await _attempt.RunAsync(message, stoppingToken).ConfigureAwait(false) is AttemptOutcome.Retry)
        {
            Wake();
        }
    }
}
