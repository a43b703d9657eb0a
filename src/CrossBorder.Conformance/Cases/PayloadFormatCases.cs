using System.Collections;
using CrossBorder.Conformance.Envelopes;
using CrossBorder.Conformance.Model;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Contracts;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using static CrossBorder.Conformance.Cases.CaseBuilder;

namespace CrossBorder.Conformance.Cases;

/// <summary>
/// Section 7: signed content that is not protobuf is MALFORMED (WS-7-3); a payload value outside
/// its declared form is a signed REJECTED receipt with INVALID_FORMAT (WS-7-5). The sender signs
/// free text into a field that declares a date, a country or a subdivision (personal data riding
/// in a field that should hold a code, as real attacks did), so only the receiver's format check
/// can refuse it.
/// </summary>
internal static class PayloadFormatCases
{
    public static IEnumerable<ConformanceCase> All()
    {
        yield return WithDefaultType("content.signed-content-not-protobuf",
            "signed content that is not protobuf (a length running past the end) is refused with MALFORMED",
            async (run, type, token) =>
            {
                var (envelope, skipped) = run.Envelopes.SealContent(type, _ => RoutingCases.NotProtobuf);
                return envelope is null
                    ? PolicySkip("expected MALFORMED", skipped!)
                    : Expect.Refused(await run.DeliverAsync(envelope, token).ConfigureAwait(false), ReasonCode.Malformed);
            });

        yield return FreeText("content.payload-free-text-date", ValueFormat.PartialDate, "a date", "14 March 2009, born in Elbasan");
        yield return FreeText("content.payload-free-text-country", ValueFormat.CountryAlpha3, "a country", "Albania, Rruga e Shembullit 1");
        yield return FreeText("content.payload-free-text-subdivision", ValueFormat.Subdivision, "a subdivision", "Elbasan, near the old bazaar");
    }

    private static ConformanceCase FreeText(string id, ValueFormat format, string what, string text)
    {
        var expectation = $"a payload with free text in a field declared as {what} ({ProtoEnumNames<ValueFormat>.Name(format)}) is answered with a signed REJECTED receipt with INVALID_FORMAT";
        return Case(id, expectation, async (run, token) =>
        {
            foreach (var type in run.Envelopes.AllowedTypes)
            {
                string? field = null;
                var (envelope, _) = run.Envelopes.SealContent(type, content =>
                {
                    field = Replace((IMessage)Body(content.Payload).Accessor.GetValue(content.Payload), format, text);
                    return ContentPadding.Pad(content, []);
                });
                if (envelope is not null && field is not null)
                {
                    var verdict = Expect.Rejected(run, envelope, await run.DeliverAsync(envelope, token).ConfigureAwait(false), ReasonCode.InvalidFormat);
                    return verdict with { Saw = $"{verdict.Saw} ({ProtoEnumNames<MessageType>.Name(type)}, field {field})" };
                }
            }

            return CaseVerdict.Skip(expectation, $"no example the sender may send to the target carries a field declared as {what}");
        });
    }

    private static FieldDescriptor Body(CasePayload payload) =>
        CasePayload.Descriptor.FindFieldByNumber((int)payload.BodyCase) ?? throw new InvalidOperationException("the example payload has no body");

    /// <summary>Replaces the first set value (depth first) of a string field declaring <paramref name="format"/>; its path, or null when there is none.</summary>
    private static string? Replace(IMessage message, ValueFormat format, string text)
    {
        foreach (var field in message.Descriptor.Fields.InDeclarationOrder())
        {
            var value = field.Accessor.GetValue(message);
            if (field.FieldType == FieldType.String && Format(field) == format)
            {
                if (field.IsRepeated && value is IList { Count: > 0 } list)
                {
                    list[0] = text;
                    return field.Name;
                }

                if (!field.IsRepeated && value is string { Length: > 0 })
                {
                    field.Accessor.SetValue(message, text);
                    return field.Name;
                }
            }
            else if (field.FieldType == FieldType.Message && !field.IsMap)
            {
                var children = field.IsRepeated ? ((IList)value).Cast<IMessage>() : value is IMessage single ? [single] : [];
                foreach (var child in children)
                {
                    if (Replace(child, format, text) is { } path)
                    {
                        return $"{field.Name}.{path}";
                    }
                }
            }
        }

        return null;
    }

    private static ValueFormat Format(FieldDescriptor field) =>
        field.GetOptions()?.HasExtension(OptionsExtensions.ValueFormat) == true ? field.GetOptions().GetExtension(OptionsExtensions.ValueFormat) : ValueFormat.Unspecified;
}
