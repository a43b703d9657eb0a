using System.Diagnostics;
using System.Security.Cryptography;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Contracts;
using CrossBorder.Core.Delivery.Notices;
using CrossBorder.Core.Delivery.Receipts;
using CrossBorder.Core.Envelopes;
using CrossBorder.Core.Errors;
using CrossBorder.Core.KeyRings;
using CrossBorder.Core.Policy;
using CrossBorder.Core.Storage;
using CrossBorder.Core.Telemetry;
using CrossBorder.Core.Trust;

namespace CrossBorder.Core.Delivery.Inbound;

/// <summary>
/// One delivery's way in, in ARCHITECTURE.md's order: parse (size) → route check against the TLS
/// peer and the trust list → no unknown fields → deduplicate by (sender, message id) → open
/// (decrypt, verify, path, header binding) → freshness → inbound policy → inbox commit → signed
/// receipt. Refusals before the envelope is authenticated are <see cref="InboundAnswer.Refused"/>;
/// refusals of an authenticated envelope are signed REJECTED receipts, recorded in the audit.
/// ACCEPTED is signed before the commit and answered only after it.
/// </summary>
public sealed class InboundPipeline(
    EnvelopeParse parse,
    RouteCheck routeCheck,
    Deduplicate deduplicate,
    EnvelopeOpen open,
    Freshness freshness,
    InboundPolicyCheck policy,
    InboxCommit commit,
    ReceiptIssuer receipts,
    IAuditTrail audit,
    TimeProvider time)
{
    /// <summary>
    /// A receiver's pipeline from its parts: the one composition that the gateway's peer face and
    /// the conformance responder (a reference peer judging a partner's sender) both run.
    /// </summary>
    public static InboundPipeline Create(
        ParticipantId self,
        DeliverySettings settings,
        TrustListManager trust,
        IInboxStore inbox,
        IAuditTrail audit,
        IKeyRings keyRings,
        PeerCertificateValidator peers,
        PolicyInForce policy,
        OpenedInbox opened,
        TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(settings);
        ArgumentNullException.ThrowIfNull(keyRings);
        return new InboundPipeline(
            new EnvelopeParse(settings),
            new RouteCheck(self, trust),
            new Deduplicate(inbox),
            new EnvelopeOpen(new EnvelopeOpener(self, () => keyRings.DecryptionKeys, new TrustListSignerValidator(peers), time, settings.ClockSkew, settings.MaxEnvelopeBytes)),
            new Freshness(settings),
            new InboundPolicyCheck(self, policy),
            new InboxCommit(inbox, opened),
            new ReceiptIssuer(self, keyRings),
            audit,
            time);
    }

    /// <summary>Handles one delivery of <paramref name="encoded"/> from the TLS-verified <paramref name="peer"/>.</summary>
    public async Task<InboundAnswer> DeliverAsync(ParticipantId peer, ReadOnlyMemory<byte> encoded, CancellationToken cancellationToken)
    {
        var parsed = parse.Parse(encoded);
        if (!parsed.IsAccepted)
        {
            return new InboundAnswer.Refused(parsed.Refusal!);
        }

        var envelope = parsed.Value;
        var route = envelope.Route;
        var judged = routeCheck.Check(peer, route);
        if (!judged.IsAccepted)
        {
            return new InboundAnswer.Refused(judged.Refusal!);
        }

        if (EnvelopeParse.RequireKnownFields(encoded.Span) is { } unknown)
        {
            return new InboundAnswer.Refused(unknown);
        }

        Activity.Current?.SetTag("crossborder.message_id", route.MessageId);
        Activity.Current?.SetTag("crossborder.message_type", ProtoEnumNames<MessageType>.Name(route.MessageType));
        var digest = SHA256.HashData(envelope.Sealed.Span);
        var prior = await deduplicate.LookAsync(route, digest, RouteDigest.Of(route), cancellationToken).ConfigureAwait(false);
        if (prior.AnswerWithoutOpening)
        {
            return new InboundAnswer.Receipted(route, prior.Existing!.SignedReceipt, InboundAnswerKind.Duplicate);
        }

        Outcome<OpenedEnvelope> opened;
        using (ExchangeTelemetry.Start("open", ActivityKind.Internal))
        {
            opened = open.Open(route, envelope.Sealed.Memory);
        }

        if (!opened.IsAccepted)
        {
            return new InboundAnswer.Refused(opened.Refusal!, WhileOpening: true, route, digest);
        }

        if (prior.SameBytes)
        {
            return new InboundAnswer.Receipted(route, prior.Existing!.SignedReceipt, InboundAnswerKind.Duplicate);
        }

        var now = time.GetUtcNow();
        var notice = route.MessageType == MessageType.CorrectionOrWithdrawalNotice ? opened.Value.Payload.CorrectionOrWithdrawalNotice : null;
        if ((prior.Conflict ?? freshness.Check(route, now) ?? policy.Check(judged.Value, opened.Value, now) ?? CheckNotice(route, notice)) is { } rejection)
        {
            await audit.RecordInboundRejectionAsync(route.Sender, route.MessageId, digest, rejection.Reason, now, cancellationToken).ConfigureAwait(false);
            return Receipt(route, digest, ReceiptOutcome.Rejected, rejection, now, InboundAnswerKind.Rejected);
        }

        var retention = RetentionDates.Of(opened.Value.Payload);
        var message = new InboundMessage(route.Sender, route.MessageId, route.ConversationId, route.MessageType, encoded, digest, now,
            route.ExpiresAt.ToDateTimeOffset(), [], Activity.Current?.Id, RouteDigest.Of(route),
            retention.ReviewDate, retention.ErasureDate, retention.EraseAt);
        InboundCommit committed;
        if (notice is not null)
        {
            // The receipt lists what was done with each reference, so it is signed in the commit that does it.
            IReadOnlyList<NoticeReferenceResult>? decided = null;
            try
            {
                committed = await commit.CommitNoticeAsync(message, new InboundNotice(
                    notice.Kind,
                    notice.CorrectedBy.Length > 0 ? notice.CorrectedBy : null,
                    NoticeRules.Prejudge(notice, route.MessageId),
                    results =>
                    {
                        var signed = receipts.Issue(route, digest, ReceiptOutcome.Accepted, ReasonCode.Unspecified, now, results);
                        decided = results;
                        return signed.IsAccepted ? signed.Value : throw signed.Refusal!.ToException();
                    }),
                    opened.Value,
                    cancellationToken).ConfigureAwait(false);
            }
            catch (RejectedException ex)
            {
                return new InboundAnswer.Unsignable(route, ex.Refusal);
            }

            if (decided is not null)
            {
                Activity.Current?.SetTag("crossborder.notice.applied", decided.Count(r => r.Outcome == NoticeReferenceOutcome.Applied));
                Activity.Current?.SetTag("crossborder.notice.awaited", decided.Count(r => r.Outcome == NoticeReferenceOutcome.Awaited));
                Activity.Current?.SetTag("crossborder.notice.refused", decided.Count(r => r.Outcome == NoticeReferenceOutcome.Refused));
            }
        }
        else
        {
            var accepted = receipts.Issue(route, digest, ReceiptOutcome.Accepted, ReasonCode.Unspecified, now);
            if (!accepted.IsAccepted)
            {
                return new InboundAnswer.Unsignable(route, accepted.Refusal!);
            }

            message = message with { SignedReceipt = accepted.Value };
            committed = await commit.CommitAsync(message, opened.Value, cancellationToken).ConfigureAwait(false);
        }

        if (!committed.Committed)
        {
            // A concurrent delivery of the same id won the commit.
            var first = committed.Existing!;
            if (CryptographicOperations.FixedTimeEquals(first.SealedSha256, digest))
            {
                return new InboundAnswer.Receipted(route, first.SignedReceipt, InboundAnswerKind.Raced);
            }

            var conflict = new Refusal(ReasonCode.IdConflict, "a different message was already received under this id");
            await audit.RecordInboundRejectionAsync(route.Sender, route.MessageId, digest, conflict.Reason, now, cancellationToken).ConfigureAwait(false);
            return Receipt(route, digest, ReceiptOutcome.Rejected, conflict, now, InboundAnswerKind.Raced);
        }

        return new InboundAnswer.Receipted(route, committed.SignedReceipt ?? message.SignedReceipt, InboundAnswerKind.Accepted);
    }

    /// <summary>A notice must have its form (<see cref="NoticeRules.CheckForm"/>) to be applied; null when it has, or is no notice.</summary>
    private static Refusal? CheckNotice(RouteHeader route, CorrectionOrWithdrawalNotice? notice) =>
        route.MessageType != MessageType.CorrectionOrWithdrawalNotice ? null
        : notice is null ? new Refusal(ReasonCode.InvalidFormat, "a notice carries a correction or withdrawal notice")
        : NoticeRules.CheckForm(notice);

    private InboundAnswer Receipt(RouteHeader route, byte[] digest, ReceiptOutcome outcome, Refusal rejection, DateTimeOffset now, InboundAnswerKind kind)
    {
        var signed = receipts.Issue(route, digest, outcome, rejection.Reason, now);
        return signed.IsAccepted
            ? new InboundAnswer.Receipted(route, signed.Value, kind, rejection)
            : new InboundAnswer.Unsignable(route, signed.Refusal!);
    }
}
