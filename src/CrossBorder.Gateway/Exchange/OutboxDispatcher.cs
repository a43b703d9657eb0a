using System.Collections.Concurrent;
using System.Diagnostics;
using System.Threading.Channels;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Envelopes;
using CrossBorder.Core.Errors;
using CrossBorder.Core.Storage;
using CrossBorder.Core.Telemetry;
using CrossBorder.Core.Trust;
using CrossBorder.Gateway.Configuration;
using CrossBorder.Gateway.Peers;
using CrossBorder.Gateway.Security;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CrossBorder.Gateway.Exchange;

/// <summary>
/// Sends what the outbox holds: claims due messages (a lease guards each attempt, so a crash
/// mid-send only delays it), resends the same sealed bytes to the recipient's endpoint from the
/// trust list, verifies every receipt's signature and digest before DELIVERED, schedules
/// transient failures with backoff and jitter until expiry, records permanent refusals at once,
/// and records non-delivery at expiry. It also purges acknowledged inbox messages after retention.
/// </summary>
internal sealed class OutboxDispatcher : BackgroundService
{
    private static readonly TimeSpan IdlePoll = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan ExpireEvery = TimeSpan.FromSeconds(1);
    private static readonly TimeSpan PurgeEvery = TimeSpan.FromSeconds(30);

    private readonly GatewayRuntime _runtime;
    private readonly IMessageStore _store;
    private readonly PeerCertificateValidator _peers;
    private readonly TrustListSignerValidator _receiptSigners;
    private readonly GatewayMetrics _metrics;
    private readonly TimeProvider _time;
    private readonly ILogger<OutboxDispatcher> _logger;

    /// <summary>Spreads the retries of many messages apart; not thread-safe, so it is used under its own lock.</summary>
    private readonly Random _jitter;
    private readonly Channel<bool> _wake = Channel.CreateBounded<bool>(new BoundedChannelOptions(1) { FullMode = BoundedChannelFullMode.DropWrite });
    private readonly ConcurrentDictionary<(ParticipantId, Uri), GrpcChannel> _channels = new();
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
    private DateTimeOffset _nextPurge = DateTimeOffset.MinValue;

    public OutboxDispatcher(GatewayRuntime runtime, IMessageStore store, PeerCertificateValidator peers, GatewayMetrics metrics, TimeProvider time, ILogger<OutboxDispatcher> logger, Random? jitter = null)
    {
        _metrics = metrics;
        _jitter = jitter ?? new Random();
        _runtime = runtime;
        _store = store;
        _peers = peers;
        _receiptSigners = new TrustListSignerValidator(peers);
        _time = time;
        _logger = logger;
        _slots = new SemaphoreSlim(runtime.Exchange.DispatchParallelism);
    }

    /// <summary>Tells the dispatcher that a message was queued (or a retry scheduled): it looks for due messages now.</summary>
    public void Wake()
    {
        Volatile.Write(ref _backlog, 1);
        _wake.Writer.TryWrite(true);
    }

    /// <summary>The lease an attempt holds on its message: twice the attempt's deadline.</summary>
    public TimeSpan Lease => _runtime.Exchange.DeliveryTimeout * 2;

    /// <summary>Takes a free delivery slot for a message about to be queued already claimed; false when all are busy.</summary>
    public bool TryReserveSlot() => _slots.Wait(0);

    /// <summary>Gives back a slot reserved for a message that was not queued after all.</summary>
    public void ReleaseSlot() => _slots.Release();

    /// <summary>
    /// Starts the first attempt of a message queued already claimed, in the slot reserved for it,
    /// on the caller's thread until the attempt first waits (the peer call is under way by then).
    /// </summary>
    public void DispatchReserved(OutboundMessage message) => Start(message, inline: true);

    /// <summary>
    /// Transient refusals: the same bytes may succeed later (RATE_LIMITED: the recipient was busy
    /// with this sender's calls). Everything else is final.
    /// </summary>
    internal static bool IsTransient(ReasonCode? reason) =>
        reason is null or ReasonCode.Unavailable or ReasonCode.TrustListStale or ReasonCode.RevocationUnknown or ReasonCode.RateLimited;

    public override void Dispose()
    {
        foreach (var channel in _channels.Values)
        {
            channel.Dispose();
        }

        _slots.Dispose();
        base.Dispose();
    }

    protected override async Task ExecuteAsync(CancellationToken stoppingToken)
    {
        _stopping = stoppingToken;
        try
        {
            // This process owns the store: what the last one was sending when it stopped is due now.
            await _store.ReleaseLeasesAsync(_time.GetUtcNow(), stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return;
        }

        while (!stoppingToken.IsCancellationRequested)
        {
            try
            {
                await HousekeepingAsync(stoppingToken).ConfigureAwait(false);
                var free = _slots.CurrentCount;
                Volatile.Write(ref _backlog, 0);
                var claimed = free == 0
                    ? []
                    : await _store.ClaimDueAsync(_time.GetUtcNow(), free, Lease, stoppingToken).ConfigureAwait(false);
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

    private async Task HousekeepingAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        if (now >= _nextExpiry)
        {
            _nextExpiry = now + ExpireEvery;
            await ExpireNowAsync(cancellationToken).ConfigureAwait(false);
        }

        if (now >= _nextPurge)
        {
            _nextPurge = now + PurgeEvery;
            await PurgeNowAsync(cancellationToken).ConfigureAwait(false);
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

    /// <summary>Purges the sealed bytes of inbox messages acknowledged longer ago than the retention.</summary>
    internal async Task PurgeNowAsync(CancellationToken cancellationToken)
    {
        var now = _time.GetUtcNow();
        var purged = await _store.PurgeAsync(now - _runtime.Exchange.InboxRetention, now, cancellationToken).ConfigureAwait(false);
        if (purged > 0)
        {
            ExchangeLog.Purged(_logger, purged);
        }
    }

    private async Task AttemptAsync(OutboundMessage message, CancellationToken stoppingToken)
    {
        using var activity = ExchangeTelemetry.Start("dispatch", ActivityKind.Client, message.TraceParent);
        activity?.SetTag("crossborder.message_id", message.MessageId);
        activity?.SetTag("crossborder.recipient", message.Recipient);
        activity?.SetTag("crossborder.attempt", message.Attempts);
        AttemptOutcome outcome;
        try
        {
            outcome = await SendAsync(message, stoppingToken).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stoppingToken.IsCancellationRequested)
        {
            return; // shutting down: the lease runs out and the next start sends it again
        }
        catch (Exception ex)
        {
            ExchangeLog.DispatcherFailed(_logger, ex.GetType().FullName ?? "exception");
            outcome = Retry(message, ReasonCode.Unavailable);
        }

        activity?.SetTag("crossborder.outcome", outcome.GetType().Name);
        var recipient = message.Recipient;
        if (!await _store.CompleteAttemptAsync(message.MessageId, message.Attempts, outcome, CancellationToken.None).ConfigureAwait(false))
        {
            // Its lease ran out and another attempt took the message over (or it became final):
            // that attempt's outcome is the one that counts.
            ExchangeLog.OutcomeFenced(_logger, message.Attempts, message.MessageId, recipient);
            return;
        }


        switch (outcome)
        {
            case AttemptOutcome.Delivered:
                ExchangeLog.Delivered(_logger, message.MessageId, recipient, message.Attempts);
                Finished(message, "DELIVERED");
                break;
            case AttemptOutcome.Rejected rejected:
                ExchangeLog.Rejected(_logger, message.MessageId, recipient, rejected.Reason.Name());
                Finished(message, rejected.Reason.Name());
                break;
            case AttemptOutcome.Retry retry:
                Wake(); // its next attempt may be due before the dispatcher's next look
                ExchangeLog.RetryScheduled(_logger, message.Attempts, message.MessageId, recipient, retry.Reason.Name(), Math.Round((retry.NextAttemptAt - retry.At).TotalSeconds, 1));
                break;
        }
    }

    private async Task<AttemptOutcome> SendAsync(OutboundMessage message, CancellationToken stoppingToken)
    {
        var recipient = ParticipantId.Parse(message.Recipient);
        TrustListSnapshot trust;
        try
        {
            trust = _runtime.TrustManager.RequireUsable();
        }
        catch (RejectedException ex)
        {
            return Retry(message, ex.Reason);
        }

        var entry = trust.Find(recipient);
        if (entry is null)
        {
            return new AttemptOutcome.Rejected(ReasonCode.NotAuthorized, null, _time.GetUtcNow());
        }

        var channel = _channels.GetOrAdd((recipient, entry.PeerEndpoint), key => PeerChannels.Create(
            key.Item2, key.Item1, _runtime.TlsCertificate, _runtime.TlsChain, _peers, _runtime.MaxEnvelopeBytes + (64 * 1024), new ServerIdentity()));
        var client = new PeerExchange.PeerExchangeClient(channel);
        DeliverResponse response;
        try
        {
            using var deadlineTimer = new CancellationTokenSource(_runtime.Exchange.DeliveryTimeout, _time);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stoppingToken, deadlineTimer.Token);
            var headers = new Metadata();
            if ((Activity.Current?.Id ?? message.TraceParent) is { } traceParent && ActivityContext.TryParse(traceParent, null, out _))
            {
                headers.Add(ExchangeTelemetry.TraceParentHeader, traceParent);
            }

            response = await client.DeliverAsync(
                new DeliverRequest { Envelope = UnsafeByteOperations.UnsafeWrap(message.Envelope) },
                headers,
                cancellationToken: deadline.Token).ConfigureAwait(false);
        }
        catch (RpcException ex) when (!stoppingToken.IsCancellationRequested)
        {
            // Our peers answer RESOURCE_EXHAUSTED with a reason (RATE_LIMITED) when they are busy; without
            // one it is the recipient's gRPC message limit, smaller than this envelope: trying again
            // cannot help, so the message fails at once as TOO_LARGE instead of retrying until it expires.
            var reason = ErrorStatus.ReasonOf(ex) ?? (ex.StatusCode == StatusCode.ResourceExhausted ? ReasonCode.TooLarge : null);
            return IsTransient(reason)
                ? Retry(message, reason ?? ReasonCode.Unavailable)
                : new AttemptOutcome.Rejected(reason!.Value, null, _time.GetUtcNow());
        }

        Receipt receipt;
        var now = _time.GetUtcNow();
        try
        {
            using var verify = ExchangeTelemetry.Start("verify-receipt", ActivityKind.Internal);
            receipt = ReceiptCodec.Verify(response.SignedReceipt.Memory, _receiptSigners, recipient, _runtime.Participant, message.MessageId, message.SealedSha256, now);
        }
        catch (RejectedException ex)
        {
            ExchangeLog.ReceiptRefused(_logger, message.MessageId, message.Recipient, ex.Reason.Name(), ex.Message);
            return Retry(message, ex.Reason);
        }

        return receipt.Outcome == ReceiptOutcome.Accepted
            ? new AttemptOutcome.Delivered(response.SignedReceipt.ToByteArray(), now)
            : new AttemptOutcome.Rejected(receipt.Reason == ReasonCode.Unspecified ? ReasonCode.NotAuthorized : receipt.Reason, response.SignedReceipt.ToByteArray(), now);
    }

    private AttemptOutcome.Retry Retry(OutboundMessage message, ReasonCode reason)
    {
        var now = _time.GetUtcNow();
        double sample;
        lock (_jitter)
        {
            sample = _jitter.NextDouble();
        }

        var wait = _runtime.Exchange.Retry.After(Math.Max(1, message.Attempts), sample);
        return new AttemptOutcome.Retry(reason, now + wait, now);
    }

    private void Finished(OutboundMessage message, string outcome)
    {
        var type = message.MessageType;
        _metrics.Message("out", type, ParticipantId.Parse(message.Recipient), outcome);
        _metrics.OutboxFinished(message.Attempts, _time.GetUtcNow() - message.CreatedAt);
    }
}
