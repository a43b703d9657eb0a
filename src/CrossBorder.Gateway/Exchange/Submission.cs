using System.Diagnostics;
using System.Security.Cryptography;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Contracts;
using CrossBorder.Core.Delivery;
using CrossBorder.Core.Envelopes;
using CrossBorder.Core.Errors;
using CrossBorder.Core.KeyRings;
using CrossBorder.Core.Policy;
using CrossBorder.Core.Storage;
using CrossBorder.Core.Telemetry;
using CrossBorder.Core.Trust;
using CrossBorder.Gateway.Configuration;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Logging;

namespace CrossBorder.Gateway.Exchange;

/// <summary>
/// The local face's submit pipeline, in ARCHITECTURE.md's order: authorize the local role →
/// refuse unknown fields → send-side trust checks → minimize with the policy in force → seal
/// once → durable outbox. Nothing leaves the gateway that the policy did not allow.
/// </summary>
internal sealed class Submission(
    GatewayRuntime runtime,
    IMessageStore store,
    IKeyRings keys,
    RecipientCertificates recipients,
    OutboxDispatcher dispatcher,
    GatewayMetrics metrics,
    TimeProvider time,
    ILogger<Submission> logger)
{
    private const int MaxLegalBasisLength = 256;

    public async Task<SubmitResponse> SubmitAsync(SubmitRequest request, LocalRole role, CancellationToken cancellationToken)
    {
        // Each message is a trace of its own, from submit to verified receipt, not a part of the local call's.
        Activity.Current = null;
        using var activity = ExchangeTelemetry.Start("submit", ActivityKind.Internal);
        var type = TypeOf(request.Payload);
        activity?.SetTag("crossborder.message_type", ProtoEnumNames<MessageType>.Name(type));
        if (!role.MaySubmit.Contains(type))
        {
            throw Reject.Because(ReasonCode.NotAuthorized, $"local role {role.Name} may not submit {ProtoEnumNames<MessageType>.Name(type)}");
        }

        var recipient = ParticipantId.TryParse(request.Recipient, out var to)
            ? to
            : throw Reject.Because(ReasonCode.Malformed, "recipient must be a participant id such as AL/NCP");
        if (recipient == runtime.Participant)
        {
            throw Reject.Because(ReasonCode.NotAuthorized, "a participant does not send messages to itself");
        }

        CheckHeaderFields(request, runtime.Exchange.LegalBases);
        activity?.SetTag("crossborder.recipient", recipient.ToString());

        if (request.SubmissionKey.Length > 0)
        {
            if (!IsSubmissionKey(request.SubmissionKey))
            {
                throw Reject.Because(ReasonCode.Malformed, "submission_key must be 1 to 64 letters, digits, '-' or '_'");
            }

            if (await store.FindSubmissionAsync(role.Name, request.SubmissionKey, cancellationToken).ConfigureAwait(false) is { } prior)
            {
                return Replayed(prior, recipient, type);
            }
        }

        var now = time.GetUtcNow();
        var trust = runtime.TrustManager.RequireUsable();
        var rule = ExchangeRules.Check(trust, runtime.Participant, recipient, type);
        if (!rule.IsAccepted)
        {
            throw Reject.Because(rule.Reason, rule.Detail);
        }

        var policy = runtime.Policy.Current;
        var context = new PolicyContext(type, runtime.Participant, trust.Find(runtime.Participant)!.Roles, recipient, trust.Find(recipient)!.Roles, request.Purpose, now);
        PolicyOutcome outcome;
        using (ExchangeTelemetry.Start("minimize", ActivityKind.Internal))
        {
            outcome = policy.Evaluate(request.Payload, context, runtime.Exchange.PseudonymKeys);
        }

        CountDecisions(outcome);
        if (outcome is PolicyRefused refused)
        {
            ExchangeLog.PolicyRefused(logger, ProtoEnumNames<MessageType>.Name(type), recipient.ToString(), role.Name, refused.RuleId, refused.DetailCode);
            metrics.Message("out", type, recipient, refused.Reason.Name());
            var report = new SubmitResponse { Decisions = { refused.Decisions } };
            throw new SubmissionRefusedException(refused.ToException(), report);
        }

        var allowed = (PolicyAllowed)outcome;
        var certificates = recipients.For(trust, recipient);
        var signer = keys.SigningIdentity(time.GetUtcNow());
        var messageId = MessageIds.NewMessageId(now);
        var conversationId = request.ConversationId.Length > 0 ? request.ConversationId : MessageIds.NewId();
        var expires = now + runtime.Exchange.MessageLifetime;
        var header = new InnerHeader
        {
            Route = new RouteHeader
            {
                MessageId = messageId,
                ConversationId = conversationId,
                Sender = runtime.Participant.ToString(),
                Recipient = recipient.ToString(),
                MessageType = type,
                CreatedAt = Timestamp.FromDateTimeOffset(now),
                ExpiresAt = Timestamp.FromDateTimeOffset(expires),
            },
            Purpose = request.Purpose,
            LegalBasis = request.LegalBasis,
            PolicyStamp = allowed.Stamp,
            InReplyTo = request.InReplyTo,
        };

        SealedEnvelope envelope;
        using (ExchangeTelemetry.Start("seal", ActivityKind.Internal))
        {
            envelope = EnvelopeSealer.Seal(header, allowed.Payload, signer, certificates, now);
        }

        var encoded = envelope.ToByteArray();
        if (encoded.Length > runtime.MaxEnvelopeBytes)
        {
            throw Reject.TooLarge("sealed envelope", runtime.MaxEnvelopeBytes);
        }

        var digest = SHA256.HashData(envelope.Sealed.Span);
        activity?.SetTag("crossborder.message_id", messageId);
        var message = new OutboundMessage(messageId, conversationId, recipient.ToString(), type, role.Name, encoded, digest, now, expires, 0, Activity.Current?.Id,
            request.SubmissionKey.Length > 0 ? request.SubmissionKey : null);

        try
        {
            // One call: the dispatcher queues it, and starts its first attempt at once when a slot is free.
            await dispatcher.QueueAsync(message, now, cancellationToken).ConfigureAwait(false);
        }
        catch (DuplicateSubmissionException ex)
        {
            // A concurrent retry of the same submission was queued first: answer it.
            var prior = await store.FindOutboundAsync(ex.MessageId, cancellationToken).ConfigureAwait(false)
                ?? throw Reject.Because(ReasonCode.Unavailable, "temporary failure, try again");
            return Replayed(prior, recipient, type);
        }

        var removed = allowed.Decisions.Count(d => d.Action == DecisionActions.Removed);
        ExchangeLog.Queued(logger, messageId, ProtoEnumNames<MessageType>.Name(type), recipient.ToString(), removed, allowed.Decisions.Count - removed, policy.Version);
        var response = new SubmitResponse { MessageId = messageId, ConversationId = conversationId };
        response.Decisions.AddRange(allowed.Decisions);
        return response;
    }

    /// <summary>The answer to a retried submission: the first one's ids, or ID_CONFLICT when the key was used for another message.</summary>
    private static SubmitResponse Replayed(OutboundRecord prior, ParticipantId recipient, MessageType type) =>
        prior.Recipient == recipient.ToString() && prior.MessageType == type
            ? new SubmitResponse { MessageId = prior.MessageId, ConversationId = prior.ConversationId }
            : throw Reject.Because(ReasonCode.IdConflict, "this submission key was already used for another message");

    private static bool IsSubmissionKey(string key) =>
        key.Length <= 64 && key.All(c => char.IsAsciiLetterOrDigit(c) || c is '-' or '_');

    private static MessageType TypeOf(CasePayload? payload)
    {
        if (payload is null || payload.BodyCase == CasePayload.BodyOneofCase.None)
        {
            throw Reject.Because(ReasonCode.Malformed, "the submission has no payload");
        }

        var type = (MessageType)(int)payload.BodyCase;
        return System.Enum.IsDefined(type) ? type : throw Reject.Because(ReasonCode.UnknownMessageType, "the payload's message type is unknown");
    }

    private static void CheckHeaderFields(SubmitRequest request, System.Collections.Frozen.FrozenSet<string> legalBases)
    {
        if (request.Purpose == Purpose.Unspecified || !System.Enum.IsDefined(request.Purpose))
        {
            throw Reject.Because(ReasonCode.Malformed, "a purpose is required");
        }

        if (string.IsNullOrWhiteSpace(request.LegalBasis) || request.LegalBasis.Length > MaxLegalBasisLength)
        {
            throw Reject.Because(ReasonCode.Malformed, $"a legal basis of 1 to {MaxLegalBasisLength} characters is required");
        }

        if (legalBases.Count > 0 && !legalBases.Contains(request.LegalBasis))
        {
            throw Reject.Because(ReasonCode.NotAuthorized, "the legal basis is not one this gateway is configured to cite");
        }

        if (request.InReplyTo.Length > 0 && !MessageIds.IsId(request.InReplyTo))
        {
            throw Reject.Because(ReasonCode.Malformed, "in_reply_to must be a message id (32 lower-case hex digits)");
        }

        if (request.ConversationId.Length > 0 && !MessageIds.IsId(request.ConversationId))
        {
            throw Reject.Because(ReasonCode.Malformed, "conversation_id must be 32 lower-case hex digits");
        }
    }

    private void CountDecisions(PolicyOutcome outcome)
    {
        foreach (var decision in outcome.Decisions)
        {
            metrics.PolicyDecision(decision.Action, decision.RuleId);
        }
    }
}

/// <summary>A policy refusal, with the decision report that explains it to the local client.</summary>
internal sealed class SubmissionRefusedException(RejectedException refusal, SubmitResponse report)
    : Exception(refusal.Message)
{
    public RejectedException Refusal { get; } = refusal;

    public SubmitResponse Report { get; } = report;
}
