using CrossBorder.Conformance.Envelopes;
using CrossBorder.Conformance.Model;
using CrossBorder.Contracts.V1;
using Google.Protobuf;
using static CrossBorder.Conformance.Cases.CaseBuilder;

namespace CrossBorder.Conformance.Cases;

/// <summary>
/// Section 7: nothing the contract does not define is accepted — an unknown field of each wire
/// type in the signed content (signed by the sender, so only the contract can refuse it), and an
/// unknown field in the clear envelope.
/// </summary>
internal static class ContentCases
{
    public static IEnumerable<ConformanceCase> All()
    {
        yield return UnknownInContent("content.unknown-field-varint", "varint", WireFormat.WireType.Varint);
        yield return UnknownInContent("content.unknown-field-fixed64", "64-bit", WireFormat.WireType.Fixed64);
        yield return UnknownInContent("content.unknown-field-length-delimited", "length-delimited", WireFormat.WireType.LengthDelimited);
        yield return UnknownInContent("content.unknown-field-group", "group", WireFormat.WireType.StartGroup);
        yield return UnknownInContent("content.unknown-field-fixed32", "32-bit", WireFormat.WireType.Fixed32);
        yield return WithDefaultType("content.nonzero-padding",
            "signed content whose padding holds a byte other than zero is refused with MALFORMED",
            async (run, type, token) =>
            {
                var (envelope, skipped) = run.Envelopes.SealContent(type, content =>
                {
                    // The padding field is written last, so the last byte is padding.
                    var bytes = ContentPadding.Pad(content, []);
                    bytes[^1] = 0x01;
                    return bytes;
                });
                return envelope is null
                    ? PolicySkip("expected MALFORMED", skipped!)
                    : Expect.Refused(await run.DeliverAsync(envelope, token).ConfigureAwait(false), ReasonCode.Malformed);
            });
        yield return WithDefaultType("content.unknown-field-envelope",
            "a SealedEnvelope with an unknown field next to the routing header and sealed bytes is refused with UNKNOWN_FIELD",
            async (run, type, token) =>
            {
                var (envelope, skipped) = run.Envelopes.Seal(type);
                if (envelope is null)
                {
                    return PolicySkip("expected UNKNOWN_FIELD", skipped!);
                }

                byte[] bytes = [.. envelope.ToByteArray(), .. UnknownFieldBytes.Of(WireFormat.WireType.LengthDelimited)];
                return Expect.Refused(await run.DeliverAsync(bytes, token).ConfigureAwait(false), ReasonCode.UnknownField);
            });
    }

    private static ConformanceCase UnknownInContent(string id, string kind, WireFormat.WireType wireType)
    {
        var expectation = $"signed content with an unknown {kind} field (number {UnknownFieldBytes.FieldNumber}) is refused with UNKNOWN_FIELD";
        return WithDefaultType(id, expectation, async (run, type, token) =>
        {
            var (envelope, skipped) = run.Envelopes.SealWithExtraContent(type, UnknownFieldBytes.Of(wireType));
            return envelope is null
                ? PolicySkip(expectation, skipped!)
                : Expect.Refused(await run.DeliverAsync(envelope, token).ConfigureAwait(false), ReasonCode.UnknownField);
        });
    }
}
