using CrossBorder.Contracts.V1;
using CrossBorder.Core.Contracts;
using CrossBorder.Core.Envelopes;
using CrossBorder.Core.Errors;
using CrossBorder.Core.KeyRings;
using CrossBorder.Core.Storage;
using CrossBorder.Core.Trust;

namespace CrossBorder.Core.Delivery.Inbound;

/// <summary>
/// The local face's reading of an inbox message. The message was opened, path-validated and judged
/// fresh when it arrived; reading does not judge those again. It serves the message opened on
/// receipt while its bytes are unchanged (<see cref="OpenedInbox"/>); otherwise it decrypts the
/// stored bytes with this gateway's keys, verifies the signature and binds the signed header to
/// the routing header again. A refusal here means a key is gone or the stored bytes are damaged.
/// </summary>
public sealed class InboxRead(ParticipantId self, IKeyRings keys, OpenedInbox opened, DeliverySettings settings)
{
    /// <summary>The opened message, or the refusal (TOO_LARGE under a lowered limit, DECRYPT_FAILED, BAD_SIGNATURE, HEADER_MISMATCH, ...).</summary>
    public Outcome<OpenedEnvelope> Read(InboxItem item)
    {
        ArgumentNullException.ThrowIfNull(item);
        if (item.Envelope.Length > settings.MaxEnvelopeBytes)
        {
            return Reject.TooLarge("envelope", settings.MaxEnvelopeBytes).Refusal;
        }

        if (opened.Take(item.Sender, item.MessageId, item.Envelope.Span) is { } kept)
        {
            return kept;
        }

        try
        {
            var envelope = UnknownFields.ParseStrict(SealedEnvelope.Parser, item.Envelope.Span, "envelope");
            var route = envelope.Route ?? throw Reject.Because(ReasonCode.Malformed, "envelope has no routing header");
            if (route.Recipient != self.ToString())
            {
                throw Reject.Because(ReasonCode.HeaderMismatch, "signed header and routing header differ in recipient");
            }

            var cms = CmsEnvelope.OpenReceived(envelope.Sealed.Memory, keys.StoredMessageKeys, settings.MaxEnvelopeBytes);
            return EnvelopeOpener.Bind(route, cms);
        }
        catch (RejectedException ex)
        {
            return ex.Refusal;
        }
    }
}
