using System.Diagnostics;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Contracts;
using CrossBorder.Core.Delivery;
using CrossBorder.Core.Delivery.Outbound;
using CrossBorder.Core.Errors;
using CrossBorder.Core.KeyRings;
using CrossBorder.Core.Policy;
using CrossBorder.Core.Storage;
using CrossBorder.Core.Telemetry;
using CrossBorder.Gateway.Configuration;
using Microsoft.Extensions.Logging;

namespace CrossBorder.Gateway.Exchange;

/// <summary>
/// The local face's submit pipeline, in ARCHITECTURE.md's order, each step in
/// Core/Delivery/Outbound: authorize the local role and the submission → (a retried submission
/// answered its first ids) → send-side route check → minimize with the policy in force → seal once
/// → queue in the durable outbox. Nothing leaves the gateway that the policy did not allow. A
/// refusal is thrown here, at the local face's edge, for the gRPC status.
/// </summary>
internal sealed class Submission
{
    private readonly IMessageStore _store;
    private readonly OutboxDispatcher _dispatcher;
    private readonly TimeProvider _time;
    private readonly ILogger<Submission> _logger;
    private readonly GatewayMetrics _metrics;
    private readonly PolicyInForce _policy;
    private readonly SubmitAuthorization _authorize;
    private readonly SendRoute _route;
    private readonly Minimize _minimize;
    private readonly Seal _seal;

    public Submission(
        GatewayRuntime runtime,
        IMessageStore store,
        IKeyRings keys,
        RecipientCertificates recipients,
        OutboxDispatcher dispatcher,
        GatewayMetrics metrics,
        TimeProvider time,
        ILogger<Submission> logger)
    {
        _store = store;
        _dispatcher = dispatcher;
        _time = time;
        _logger = logger;
        _metrics = metrics;
        _policy = runtime.Policy;
        var self = runtime.Participant;
        var exchange = runtime.Exchange;
        _authorize = new SubmitAuthorization(self, exchange.LegalBases);
        _route = new SendRoute(self, runtime.TrustManager);
        _minimize = new Minimize(self, runtime.Policy, exchange.PseudonymKeys, metrics);
        _seal = new Seal(self, keys, recipients, new DeliverySettings(runtime.MaxEnvelopeBytes, exchange.ClockSkew, exchange.MaxMessageLifetime), exchange.MessageLifetime, time);
    }

    public async Task<SubmitResponse> SubmitAsync(SubmitRequest request, LocalRole role, CancellationToken cancellationToken)
    {
        // Each message is a trace of its own, from submit to verified receipt, not a part of the local call's.
        Activity.Current = null;
        using var activity = ExchangeTelemetry.Start("submit", ActivityKind.Internal);
        var authorized = _authorize.Check(request, role.Name, role.MaySubmit);
        var target = authorized.IsAccepted ? authorized.Value : throw authorized.Refusal!.ToException();
        activity?.SetTag("crossborder.message_type", ProtoEnumNames<MessageType>.Name(target.Type));
        activity?.SetTag("crossborder.recipient", target.Recipient.ToString());

        if (request.SubmissionKey.Length > 0
            && await _store.FindSubmissionAsync(role.Name, request.SubmissionKey, cancellationToken).ConfigureAwait(false) is { } prior)
        {
            return Replayed(prior, target);
        }

        var now = _time.GetUtcNow();
        var routed = _route.Check(target);
        var trust = routed.IsAccepted ? routed.Value : throw routed.Refusal!.ToException();
        var policy = _policy.Current;
        var outcome = _minimize.Apply(request, target, trust, now);
        if (outcome is PolicyRefused refused)
        {
            ExchangeLog.PolicyRefused(_logger, ProtoEnumNames<MessageType>.Name(target.Type), target.Recipient.ToString(), role.Name, refused.RuleId, refused.DetailCode);
            _metrics.Message("out", target.Type, target.Recipient, refused.Reason.Name());
            var report = new SubmitResponse { Decisions = { refused.Decisions } };
            throw new SubmissionRefusedException(refused.ToRefusal(), report);
        }

        var allowed = (PolicyAllowed)outcome;
        var sealedMessage = _seal.Apply(request, target, trust, allowed, role.Name, now);
        var message = sealedMessage.IsAccepted ? sealedMessage.Value : throw sealedMessage.Refusal!.ToException();
        activity?.SetTag("crossborder.message_id", message.MessageId);
        try
        {
            // One call: the dispatcher queues it, and starts its first attempt at once when a slot is free.
            await _dispatcher.QueueAsync(message, now, cancellationToken).ConfigureAwait(false);
        }
        catch (DuplicateSubmissionException ex)
        {
            // A concurrent retry of the same submission was queued first: answer it.
            var first = await _store.FindOutboundAsync(ex.MessageId, cancellationToken).ConfigureAwait(false)
                ?? throw Reject.Because(ReasonCode.Unavailable, "temporary failure, try again");
            return Replayed(first, target);
        }

        var removed = allowed.Decisions.Count(d => d.Action == DecisionActions.Removed);
        ExchangeLog.Queued(_logger, message.MessageId, ProtoEnumNames<MessageType>.Name(target.Type), target.Recipient.ToString(), removed, allowed.Decisions.Count - removed, policy.Version);
        var response = new SubmitResponse { MessageId = message.MessageId, ConversationId = message.ConversationId };
        response.Decisions.AddRange(allowed.Decisions);
        return response;
    }

    /// <summary>The answer to a retried submission: the first one's ids, or ID_CONFLICT when the key was used for another message.</summary>
    private static SubmitResponse Replayed(OutboundRecord prior, SubmitTarget target) =>
        prior.Recipient == target.Recipient.ToString() && prior.MessageType == target.Type
            ? new SubmitResponse { MessageId = prior.MessageId, ConversationId = prior.ConversationId }
            : throw Reject.Because(ReasonCode.IdConflict, "this submission key was already used for another message");
}

/// <summary>A policy refusal, with the decision report that explains it to the local client.</summary>
internal sealed class SubmissionRefusedException(Refusal refusal, SubmitResponse report)
    : Exception(refusal.Detail)
{
    public Refusal Refusal { get; } = refusal;

    public SubmitResponse Report { get; } = report;
}
