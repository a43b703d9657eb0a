using System.Diagnostics;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Delivery.Receipts;
using CrossBorder.Core.Errors;
using CrossBorder.Core.Storage;
using CrossBorder.Core.Telemetry;
using CrossBorder.Core.Trust;
using Microsoft.Extensions.Logging;

namespace CrossBorder.Core.Delivery.Outbound;

/// <summary>
/// One attempt to deliver a claimed outbox message: the recipient's endpoint from the trust list in
/// force (all of them: the peer client spreads and fails over), the same sealed bytes sent through <see cref="IPeerClient"/>, the receipt verified before
/// DELIVERED, a REJECTED receipt or a permanent refusal recorded as final, a transient failure
/// scheduled again with backoff and jitter. The outcome is recorded in the outbox only while the
/// attempt still holds the message's lease.
/// </summary>
public sealed class DeliveryAttempt(
    ParticipantId self,
    TrustListManager trust,
    IPeerClient peers,
    ReceiptVerifier receipts,
    DeliverySchedule schedule,
    IOutboxStore outbox,
    GatewayMetrics metrics,
    TimeProvider time,
    ILogger logger)
{
    /// <summary>
    /// Transient refusals: the same bytes may succeed later (RATE_LIMITED: the recipient was busy
    /// with this sender's calls). Everything else is final.
    /// </summary>
    public static bool IsTransient(ReasonCode? reason) =>
        reason is null or ReasonCode.Unavailable or ReasonCode.TrustListStale or ReasonCode.RevocationUnknown or ReasonCode.RateLimited;

    /// <summary>Runs the attempt and records its outcome; null when <paramref name="stopping"/> cut it short (its lease runs out and the next start sends it again).</summary>
    public async Task<AttemptOutcome?> RunAsync(OutboundMessage message, CancellationToken stopping)
    {
        ArgumentNullException.ThrowIfNull(message);
        using var activity = ExchangeTelemetry.Start("dispatch", ActivityKind.Client, message.TraceParent, self.ToString());
        activity?.SetTag("crossborder.message_id", message.MessageId);
        activity?.SetTag("crossborder.recipient", message.Recipient);
        activity?.SetTag("crossborder.attempt", message.Attempts);
        AttemptOutcome outcome;
        try
        {
            outcome = await SendAsync(message, stopping).ConfigureAwait(false);
        }
        catch (OperationCanceledException) when (stopping.IsCancellationRequested)
        {
            return null;
        }
        catch (Exception ex)
        {
            DeliveryLog.AttemptFailed(logger, ex.GetType().FullName ?? "exception");
            outcome = Retry(message, ReasonCode.Unavailable);
        }

        activity?.SetTag("crossborder.outcome", outcome.GetType().Name);
        var recipient = message.Recipient;
        if (!await outbox.CompleteAttemptAsync(message.MessageId, message.Attempts, outcome, CancellationToken.None).ConfigureAwait(false))
        {
            // Its lease ran out and another attempt took the message over (or it became final):
            // that attempt's outcome is the one that counts.
            DeliveryLog.OutcomeFenced(logger, message.Attempts, message.MessageId, recipient);
            return outcome;
        }

        switch (outcome)
        {
            case AttemptOutcome.Delivered:
                DeliveryLog.Delivered(logger, message.MessageId, recipient, message.Attempts);
                Finished(message, "DELIVERED");
                break;
            case AttemptOutcome.Rejected rejected:
                DeliveryLog.Rejected(logger, message.MessageId, recipient, rejected.Reason.Name());
                Finished(message, rejected.Reason.Name());
                break;
            case AttemptOutcome.Retry retry:
                DeliveryLog.RetryScheduled(logger, message.Attempts, message.MessageId, recipient, retry.Reason.Name(), Math.Round((retry.NextAttemptAt - retry.At).TotalSeconds, 1));
                break;
        }

        return outcome;
    }

    private async Task<AttemptOutcome> SendAsync(OutboundMessage message, CancellationToken stopping)
    {
        var recipient = ParticipantId.Parse(message.Recipient);
        TrustListSnapshot snapshot;
        try
        {
            snapshot = trust.RequireUsable();
        }
        catch (RejectedException ex)
        {
            return Retry(message, ex.Reason);
        }

        var entry = snapshot.Find(recipient);
        if (entry is null)
        {
            return new AttemptOutcome.Rejected(ReasonCode.NotAuthorized, null, time.GetUtcNow());
        }

        var traceParent = Activity.Current?.Id ?? message.TraceParent;
        var answer = await peers.DeliverAsync(recipient, entry.PeerEndpoints, message.Envelope, traceParent, schedule.DeliveryTimeout, stopping).ConfigureAwait(false);
        if (!answer.IsAccepted)
        {
            var reason = answer.Refusal!.Reason;
            return IsTransient(reason)
                ? Retry(message, reason)
                : new AttemptOutcome.Rejected(reason, null, time.GetUtcNow());
        }

        var now = time.GetUtcNow();
        Outcome<Receipt> verified;
        using (ExchangeTelemetry.Start("verify-receipt", ActivityKind.Internal))
        {
            verified = receipts.Verify(answer.Value, recipient, message.MessageId, message.SealedSha256, now);
        }

        if (!verified.IsAccepted)
        {
            var refusal = verified.Refusal!;
            DeliveryLog.ReceiptRefused(logger, message.MessageId, message.Recipient, refusal.Reason.Name(), refusal.Detail);
            return Retry(message, refusal.Reason);
        }

        var receipt = verified.Value;
        return receipt.Outcome == ReceiptOutcome.Accepted
            ? new AttemptOutcome.Delivered(answer.Value, now)
            : new AttemptOutcome.Rejected(receipt.Reason == ReasonCode.Unspecified ? ReasonCode.NotAuthorized : receipt.Reason, answer.Value, now);
    }

    private AttemptOutcome.Retry Retry(OutboundMessage message, ReasonCode reason)
    {
        var now = time.GetUtcNow();
        var wait = schedule.RetryAfter(message.Attempts);
        return new AttemptOutcome.Retry(reason, now + wait, now);
    }

    private void Finished(OutboundMessage message, string outcome)
    {
        metrics.Message("out", message.MessageType, ParticipantId.Parse(message.Recipient), outcome);
        metrics.OutboxFinished(message.Attempts, time.GetUtcNow() - message.CreatedAt);
    }
}
