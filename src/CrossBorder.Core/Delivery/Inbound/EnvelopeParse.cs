using CrossBorder.Contracts.V1;
using CrossBorder.Core.Contracts;
using CrossBorder.Core.Errors;
using Google.Protobuf;

namespace CrossBorder.Core.Delivery.Inbound;

/// <summary>
/// The first inbound step and the last check before opening: the delivered bytes within the size
/// limit and a parseable envelope with a routing header; after the route check, no field this
/// schema does not know (so that a newer peer's message type or schema version gets its own code).
/// </summary>
public sealed class EnvelopeParse(DeliverySettings settings)
{
    /// <summary>The parsed envelope; TOO_LARGE or MALFORMED.</summary>
    public Outcome<SealedEnvelope> Parse(ReadOnlyMemory<byte> encoded)
    {
        if (encoded.Length > settings.MaxEnvelopeBytes)
        {
            return Reject.TooLarge("envelope", settings.MaxEnvelopeBytes).Refusal;
        }

        SealedEnvelope envelope;
        try
        {
            envelope = SealedEnvelope.Parser.ParseFrom(encoded.Span);
        }
        catch (InvalidProtocolBufferException)
        {
            return Reject.Malformed("envelope").Refusal;
        }

        return envelope.Route is null ? new Refusal(ReasonCode.Malformed, "envelope has no routing header") : envelope;
    }

    /// <summary>Null when every field of the envelope is known to this schema; MALFORMED otherwise.</summary>
    public static Refusal? RequireKnownFields(ReadOnlySpan<byte> encoded)
    {
        try
        {
            UnknownFields.Require(SealedEnvelope.Descriptor, encoded, "envelope");
            return null;
        }
        catch (RejectedException ex)
        {
            return ex.Refusal;
        }
    }
}
