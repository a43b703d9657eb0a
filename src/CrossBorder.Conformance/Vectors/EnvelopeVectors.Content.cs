using CrossBorder.Conformance.Envelopes;
using CrossBorder.Contracts.V1;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using static CrossBorder.Conformance.Vectors.VectorFlags;

namespace CrossBorder.Conformance.Vectors;

/// <summary>Envelope vectors of sections 7 and 8: unknown fields, the signed content, freshness, the inner header's form.</summary>
internal static partial class EnvelopeVectors
{
    private static void UnknownFieldVectors(EnvelopeVectorMaker make, VectorBook book)
    {
        foreach (var (wire, name) in WireTypes)
        {
            var id = book.Next();
            make.Add(id, $"content-unknown-{name}", $"signed content with an unknown field {UnknownFieldBytes.FieldNumber} of wire type {name}",
                ["WS-7-2"], [UnknownField], make.SealContent(id, MessageType.ReturnPlan, content => ContentPadding.Pad(content, UnknownFieldBytes.Of(wire))), ReasonCode.UnknownField);
        }

        var envelopeId = book.Next();
        var envelope = make.Seal(envelopeId, MessageType.ReturnPlan);
        make.Add(envelopeId, "envelope-unknown-length-delimited", $"a SealedEnvelope with an unknown length-delimited field {UnknownFieldBytes.FieldNumber} after the sealed bytes",
            ["WS-4-10", "WS-7-2"], [UnknownField], [.. envelope.ToByteArray(), .. UnknownFieldBytes.Of(WireFormat.WireType.LengthDelimited)], ReasonCode.UnknownField);

        var routeId = book.Next();
        envelope = make.Seal(routeId, MessageType.ReturnPlan);
        make.Add(routeId, "route-unknown-varint", $"a routing header with an unknown varint field {UnknownFieldBytes.FieldNumber}",
            ["WS-4-10", "WS-7-2"], [UnknownField], WithRouteBytes(envelope, [.. envelope.Route.ToByteArray(), .. UnknownFieldBytes.Of(WireFormat.WireType.Varint)]), ReasonCode.UnknownField);
    }

    private static readonly (WireFormat.WireType Wire, string Name)[] WireTypes =
    [
        (WireFormat.WireType.Varint, "varint"),
        (WireFormat.WireType.Fixed64, "fixed64"),
        (WireFormat.WireType.LengthDelimited, "length-delimited"),
        (WireFormat.WireType.StartGroup, "group"),
        (WireFormat.WireType.Fixed32, "fixed32"),
    ];

    /// <summary>A SealedEnvelope encoding whose route field (1) holds <paramref name="route"/> as given.</summary>

    private static byte[] WithRouteBytes(SealedEnvelope envelope, byte[] route)
    {
        using var buffer = new MemoryStream();
        var output = new CodedOutputStream(buffer);
        output.WriteTag(SealedEnvelope.RouteFieldNumber, WireFormat.WireType.LengthDelimited);
        output.WriteBytes(ByteString.CopyFrom(route));
        output.WriteTag(SealedEnvelope.SealedFieldNumber, WireFormat.WireType.LengthDelimited);
        output.WriteBytes(envelope.Sealed);
        output.Flush();
        return buffer.ToArray();
    }

    private static void ContentVectors(EnvelopeVectorMaker make, VectorBook book)
    {
        var id = book.Next();
        var envelope = make.SealContent(id, MessageType.ReturnPlan, content =>
        {
            // The padding field is written last, so the last byte is padding.
            var bytes = ContentPadding.Pad(content, []);
            bytes[^1] = 0x01;
            return bytes;
        });
        make.Add(id, "padding-not-zero", "signed content whose last padding byte is 0x01", ["WS-7-1"], [Content], envelope, ReasonCode.Malformed);

        id = book.Next();
        envelope = make.SealContent(id, MessageType.ReturnPlan, content => ContentPadding.Pad(content, [], skipBuckets: 1));
        make.Add(id, "size-bucket-not-smallest", "signed content padded with zeros to the bucket after the smallest it fits, both headers recording that bucket",
            ["WS-5-22", "WS-6-3"], [Valid, Content], envelope, null);

        id = book.Next();
        envelope = make.SealContent(id, MessageType.ReturnPlan, content =>
        {
            content.Payload.ReturnPlan.DepartureAt = "tomorrow morning";
            return ContentPadding.Pad(content, []);
        });
        make.Add(id, "payload-value-format", "a RETURN_PLAN whose departure_at (declared DATE_TIME) is the text \"tomorrow morning\"",
            ["WS-7-5"], [Content], envelope, ReasonCode.InvalidFormat);
    }

    private static void FreshnessVectors(EnvelopeVectorMaker make, VectorBook book, VectorFederation federation)
    {
        var now = federation.Time;
        Times(make, book, "expired", "that expired one minute before the validation time", ["WS-8-4"], now.AddDays(-3), now.AddMinutes(-1), ReasonCode.Stale);
        Times(make, book, "created-in-future", "created two hours after the validation time (signed ten minutes before it)", ["WS-8-3"], now.AddHours(2), now.AddHours(3), ReasonCode.Stale);
        Times(make, book, "lifetime-too-long", "with a lifetime of 400 days", ["WS-8-5"], make.SealedAt, make.SealedAt.AddDays(400), ReasonCode.Stale);
        Times(make, book, "lifetime-336-hours", "with a lifetime of exactly 336 hours, the maximum", ["WS-8-5"], make.SealedAt, make.SealedAt.AddHours(336), null, Boundary);
        Times(make, book, "lifetime-336-hours-and-a-second", "with a lifetime of 336 hours and one second", ["WS-8-5"], make.SealedAt, make.SealedAt.AddHours(336).AddSeconds(1), ReasonCode.Stale, Boundary);
        Times(make, book, "lifetime-zero", "whose expires_at equals its created_at", ["WS-8-5"], make.SealedAt, make.SealedAt, ReasonCode.Stale);

        var id = book.Next();
        var future = now.AddHours(1);
        make.Add(id, "signing-time-in-future", "sealed and signed one hour after the validation time (beyond the 300-second skew)",
            ["WS-8-1"], [SigningTime], make.Seal(id, MessageType.ReturnPlan, sealedAt: future), ReasonCode.Stale);
    }

    private static void Times(EnvelopeVectorMaker make, VectorBook book, string slug, string what, string[] requirements, DateTimeOffset created, DateTimeOffset expires, ReasonCode? reason, string? extra = null)
    {
        var id = book.Next();
        var envelope = make.Seal(id, MessageType.ReturnPlan, h =>
        {
            h.Route.CreatedAt = Timestamp.FromDateTimeOffset(created);
            h.Route.ExpiresAt = Timestamp.FromDateTimeOffset(expires);
        });
        string[] flags = extra is null ? [Freshness] : [Freshness, extra];
        make.Add(id, slug, $"a RETURN_PLAN {what}", requirements, reason is null ? [Valid, .. flags] : flags, envelope, reason);
    }

    private static void HeaderFormatVectors(EnvelopeVectorMaker make, VectorBook book)
    {
        Header(make, book, "legal-basis-line-break", "a legal basis with a line break and free text after it", h => h.LegalBasis += "\nfree text riding in the header");
        Header(make, book, "legal-basis-symbol", "a legal basis holding the symbol @", h => h.LegalBasis += " @ annex");
        Header(make, book, "reply-to-free-text", "an in_reply_to that is text, not a message id", h => h.InReplyTo = "see the earlier message");
        Header(make, book, "no-policy-stamp", "no policy stamp", h => h.PolicyStamp = null);
        Header(make, book, "purpose-zero", "purpose 0 (PURPOSE_UNSPECIFIED)", h => h.Purpose = Purpose.Unspecified);
    }

    private static void Header(EnvelopeVectorMaker make, VectorBook book, string slug, string what, Action<InnerHeader> adjust)
    {
        var id = book.Next();
        make.Add(id, $"header-{slug}", $"a RETURN_PLAN whose signed inner header has {what}", ["WS-7-7"], [HeaderFormat],
            make.Seal(id, MessageType.ReturnPlan, adjust), ReasonCode.InvalidFormat);
    }
}
