using System.Diagnostics;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Envelopes;
using CrossBorder.Core.Errors;
using CrossBorder.Core.KeyRings;
using CrossBorder.Core.Telemetry;
using CrossBorder.Core.Trust;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace CrossBorder.Core.Delivery.Receipts;

/// <summary>
/// Builds and signs the receipt the recipient answers for a delivery: ACCEPTED, or REJECTED with
/// the reason, about the message id, the sender and the SHA-256 of exactly the sealed bytes
/// received, signed with this gateway's message signing key from the key rings.
/// </summary>
public sealed class ReceiptIssuer(ParticipantId self, IKeyRings keys)
{
    /// <summary>
    /// The signed receipt; refused with the signing identity's reason (EXPIRED when no signing
    /// certificate is valid) when this gateway cannot sign. That is this gateway's fault: the edge
    /// answers UNAVAILABLE, so the sender retries instead of giving up.
    /// </summary>
    /// <param name="route">The routing header of the message the receipt is about.</param>
    /// <param name="sealedSha256">SHA-256 of the sealed bytes received.</param>
    /// <param name="outcome">ACCEPTED or REJECTED.</param>
    /// <param name="reason">Why, for REJECTED.</param>
    /// <param name="now">The time of issue.</param>
    /// <param name="noticeReferences">For the ACCEPTED receipt of a notice: what was done with each of its references.</param>
    public Outcome<byte[]> Issue(
        RouteHeader route, ReadOnlySpan<byte> sealedSha256, ReceiptOutcome outcome, ReasonCode reason, DateTimeOffset now,
        IReadOnlyList<NoticeReferenceResult>? noticeReferences = null)
    {
        ArgumentNullException.ThrowIfNull(route);
        using var activity = ExchangeTelemetry.Start("receipt", ActivityKind.Internal);
        var receipt = new Receipt
        {
            MessageId = route.MessageId,
            Sender = route.Sender,
            Recipient = self.ToString(),
            SealedSha256 = ByteString.CopyFrom(sealedSha256),
            Outcome = outcome,
            Reason = reason,
            IssuedAt = Timestamp.FromDateTimeOffset(now),
        };
        if (noticeReferences is not null)
        {
            receipt.NoticeReferences.AddRange(noticeReferences);
        }

        try
        {
            return ReceiptCodec.Sign(receipt, keys.SigningIdentity(now), now);
        }
        catch (RejectedException ex)
        {
            return ex.Refusal;
        }
    }
}
