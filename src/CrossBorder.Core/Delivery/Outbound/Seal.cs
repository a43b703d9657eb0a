using System.Diagnostics;
using System.Security.Cryptography;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Envelopes;
using CrossBorder.Core.Errors;
using CrossBorder.Core.KeyRings;
using CrossBorder.Core.Policy;
using CrossBorder.Core.Storage;
using CrossBorder.Core.Telemetry;
using CrossBorder.Core.Trust;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace CrossBorder.Core.Delivery.Outbound;

/// <summary>
/// Seals a minimized message once: a new message id, the signed inner header bound to the routing
/// header, signed with this gateway's signing identity and encrypted to every valid encryption
/// certificate of the recipient; the encoded envelope within the size limit. The outbox resends
/// exactly these bytes.
/// </summary>
public sealed class Seal(ParticipantId self, IKeyRings keys, RecipientCertificates recipients, DeliverySettings settings, TimeSpan messageLifetime, TimeProvider time)
{
    /// <summary>The message to queue, or the refusal (no valid encryption certificate, no signing certificate, TOO_LARGE).</summary>
    public Outcome<OutboundMessage> Apply(SubmitRequest request, SubmitTarget target, TrustListSnapshot trust, PolicyAllowed allowed, string roleName, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(allowed);
        try
        {
            var certificates = recipients.For(trust, target.Recipient);
            var signer = keys.SigningIdentity(time.GetUtcNow());
            var messageId = MessageIds.NewMessageId(now);
            var conversationId = request.ConversationId.Length > 0 ? request.ConversationId : MessageIds.NewId();
            var expires = now + messageLifetime;
            var header = new InnerHeader
            {
                Route = new RouteHeader
                {
                    MessageId = messageId,
                    ConversationId = conversationId,
                    Sender = self.ToString(),
                    Recipient = target.Recipient.ToString(),
                    MessageType = target.Type,
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
            if (encoded.Length > settings.MaxEnvelopeBytes)
            {
                return Reject.TooLarge("sealed envelope", settings.MaxEnvelopeBytes).Refusal;
            }

            return new OutboundMessage(messageId, conversationId, target.Recipient.ToString(), target.Type, roleName, encoded, SHA256.HashData(envelope.Sealed.Span), now, expires, 0,
                Activity.Current?.Id, request.SubmissionKey.Length > 0 ? request.SubmissionKey : null);
        }
        catch (RejectedException ex)
        {
            return ex.Refusal;
        }
    }
}
