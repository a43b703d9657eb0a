using System.Diagnostics;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Contracts;
using CrossBorder.Core.Delivery.Notices;
using CrossBorder.Core.Errors;
using CrossBorder.Core.Policy;
using CrossBorder.Core.Storage;
using CrossBorder.Core.Telemetry;
using Microsoft.Extensions.Logging;

namespace CrossBorder.Core.Delivery.Outbound;

/// <summary>
/// A submission's way out, in ARCHITECTURE.md's order, one step after the other: authorize the
/// local role and the submission, with its header fields (<see cref="SubmitAuthorization"/>) →
/// a retried submission is answered its first ids → send-side route check (<see cref="SendRoute"/>)
/// → minimize with the policy in force (<see cref="Minimize"/>) → seal once (<see cref="Seal"/>) →
/// queue in the durable outbox (<see cref="IOutbox"/>). Nothing leaves the gateway that the
/// policy did not allow. Each refusal is returned with its reason code; the gRPC edge turns it into
/// a status.
/// </summary>
/// <remarks>
/// The check for unknown protobuf fields is not here: it needs the raw request bytes, which only
/// the gRPC contract interceptor sees, and it refuses such a submission before this pipeline runs.
/// </remarks>
public sealed class OutboundPipeline(
    SubmitAuthorization authorize,
    SendRoute route,
    Minimize minimize,
    Seal seal,
    PolicyInForce policy,
    IOutboxStore store,
    IOutbox outbox,
    GatewayMetrics metrics,
    TimeProvider time,
    ILogger<OutboundPipeline> logger)
{
    /// <summary>
    /// Takes one submission of the local role <paramref name="roleName"/>, which may submit
    /// <paramref name="maySubmit"/>: its message ids and policy decisions once it is queued, or the refusal.
    /// </summary>
    public async Task<SubmitAnswer> SubmitAsync(SubmitRequest request, string roleName, IReadOnlySet<MessageType> maySubmit, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(request);
        // Each message is a trace of its own, from submit to verified receipt, not a part of the local call's.
        Activity.Current = null;
        using var activity = ExchangeTelemetry.Start("submit", ActivityKind.Internal, participant: route.Self.ToString());
        var authorized = authorize.Check(request, roleName, maySubmit);
        if (!authorized.IsAccepted)
        {
            return Refused(authorized.Refusal!);
        }

        var target = authorized.Value;
        activity?.SetTag("crossborder.message_type", ProtoEnumNames<MessageType>.Name(target.Type));
        activity?.SetTag("crossborder.recipient", target.Recipient.ToString());

        if (request.SubmissionKey.Length > 0
            && await store.FindSubmissionAsync(roleName, request.SubmissionKey, cancellationToken).ConfigureAwait(false) is { } prior)
        {
            return Replayed(prior, target);
        }

        var now = time.GetUtcNow();
        var routed = route.Check(target);
        if (!routed.IsAccepted)
        {
            return Refused(routed.Refusal!);
        }

        if (target.Type == MessageType.CorrectionOrWithdrawalNotice
            && (request.Payload?.CorrectionOrWithdrawalNotice is { } submitted ? NoticeRules.CheckForm(submitted) : new Refusal(ReasonCode.InvalidFormat, "a notice carries a correction or withdrawal notice")) is { } malformed)
        {
            return Refused(malformed);
        }

        var trust = routed.Value;
        var inForce = policy.Current;
        var outcome = minimize.Apply(request, target, trust, now);
        if (outcome is PolicyRefused refused)
        {
            SubmitLog.PolicyRefused(logger, ProtoEnumNames<MessageType>.Name(target.Type), target.Recipient.ToString(), roleName, refused.RuleId, refused.DetailCode);
            metrics.Message("out", target.Type, target.Recipient, refused.Reason.Name());
            return new SubmitAnswer(refused.ToRefusal(), new SubmitResponse { Decisions = { refused.Decisions } });
        }

        var allowed = (PolicyAllowed)outcome;
        var sealedMessage = seal.Apply(request, target, trust, allowed, roleName, now);
        if (!sealedMessage.IsAccepted)
        {
            return Refused(sealedMessage.Refusal!);
        }

        var message = sealedMessage.Value;
        activity?.SetTag("crossborder.message_id", message.MessageId);
        IReadOnlyList<string> cancelled = [];
        if (allowed.Payload.CorrectionOrWithdrawalNotice is { } notice)
        {
            // Before the notice is queued: what it stops must not leave after it. Cancelling is
            // idempotent, so a notice that then fails to queue and is submitted again cancels nothing twice.
            cancelled = await store.CancelForNoticeAsync(
                new OutboundNotice(message.MessageId, message.Recipient, message.ConversationId, notice.Kind,
                    [.. notice.MessageReferences.Where(MessageIds.IsId)], notice.CorrectedBy.Length > 0 ? notice.CorrectedBy : null),
                now,
                cancellationToken).ConfigureAwait(false);
            SubmitLog.NoticeCancelled(logger, message.MessageId, ProtoEnumNames<NoticeKind>.Name(notice.Kind), message.Recipient, cancelled.Count);
        }

        try
        {
            await outbox.QueueAsync(message, cancellationToken).ConfigureAwait(false);
        }
        catch (DuplicateSubmissionException ex)
        {
            // A concurrent retry of the same submission was queued first: answer it.
            return await store.FindOutboundAsync(ex.MessageId, cancellationToken).ConfigureAwait(false) is { } first
                ? Replayed(first, target)
                : Refused(new Refusal(ReasonCode.Unavailable, "temporary failure, try again"));
        }

        var removed = allowed.Decisions.Count(d => d.Action == DecisionActions.Removed);
        SubmitLog.Queued(logger, message.MessageId, ProtoEnumNames<MessageType>.Name(target.Type), target.Recipient.ToString(), removed, allowed.Decisions.Count - removed, inForce.Version);
        var response = new SubmitResponse { MessageId = message.MessageId, ConversationId = message.ConversationId };
        response.Decisions.AddRange(allowed.Decisions);
        response.CancelledMessageIds.AddRange(cancelled);
        return new SubmitAnswer(response);
    }

    private static SubmitAnswer Refused(Refusal refusal) => new(refusal);

    /// <summary>The answer to a retried submission: the first one's ids, or ID_CONFLICT when the key was used for another message.</summary>
    private static SubmitAnswer Replayed(OutboundRecord prior, SubmitTarget target) =>
        prior.Recipient == target.Recipient.ToString() && prior.MessageType == target.Type
            ? new SubmitAnswer(new SubmitResponse { MessageId = prior.MessageId, ConversationId = prior.ConversationId })
            : Refused(new Refusal(ReasonCode.IdConflict, "this submission key was already used for another message"));
}
