using System.Text;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Contracts;
using CrossBorder.Core.Errors;
using Google.Protobuf.Reflection;
using static CrossBorder.Core.Tests.Support.ProtoBytes;

namespace CrossBorder.Core.Tests.Contracts;

/// <summary>
/// Bytes hidden in a field sent with another wire type (Google.Protobuf keeps them as an unknown
/// field and writes them out again) are refused with UNKNOWN_FIELD, at every depth and in every
/// element of a repeated field. Every input is hand-encoded wire format.
/// </summary>
public sealed class WireTypeSmugglingTests
{
    private const string Smuggled = "victim_status=IDENTIFIED, shelter=Via Roma 1";
    private static readonly int[] AllWireTypes = [Varint, Fixed64, Len, StartGroup, Fixed32];

    [Fact]
    public void A_bool_sent_length_delimited_with_text_is_refused_as_unknown_field()
    {
        // IdentityConfirmationRequest (CasePayload field 2): field 8 is a bool, sent here as text.
        var request = Concat(LenField(1, TextField(1, "PROVA")), TextField(8, Smuggled));
        var bytes = LenField(2, request);

        var error = Assert.Throws<RejectedException>(() => UnknownFields.ParseStrict(CasePayload.Parser, bytes, "payload"));

        Assert.Equal(ReasonCode.UnknownField, error.Reason);
        Assert.Contains("identity_confirmation_request.#8(wire 2)", error.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("shelter", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_same_smuggled_bool_is_found_after_google_protobuf_has_parsed_it()
    {
        var bytes = LenField(2, TextField(8, Smuggled));
        var parsed = CasePayload.Parser.ParseFrom(bytes);

        Assert.False(parsed.IdentityConfirmationRequest.EmergencyTravelDocumentRequested);
        Assert.Equal("CasePayload.identity_confirmation_request.#8(wire 2)", UnknownFields.Find(parsed));
    }

    [Fact]
    public void A_fixed64_in_a_bool_field_and_a_group_are_refused()
    {
        foreach (var smuggle in new[] { Fixed64Field(8, 0x4142_4344_4546_4748), GroupField(8, TextField(1, Smuggled)), GroupField(99, TextField(1, Smuggled)) })
        {
            var error = Assert.Throws<RejectedException>(() => UnknownFields.ParseStrict(CasePayload.Parser, LenField(2, smuggle), "payload"));
            Assert.Equal(ReasonCode.UnknownField, error.Reason);
        }
    }

    [Fact]
    public void A_bool_other_than_zero_or_one_and_an_enum_sent_length_delimited_are_refused()
    {
        byte[][] cases =
        [
            LenField(2, VarintField(8, 2)),          // bool 2
            LenField(2, LenField(2, [0x01])),        // non-repeated enum sent packed
            LenField(2, VarintField(2, 77)),         // an enum number the enum does not name
        ];
        foreach (var bytes in cases)
        {
            var error = Assert.Throws<RejectedException>(() => UnknownFields.ParseStrict(CasePayload.Parser, bytes, "payload"));
            Assert.Equal(ReasonCode.UnknownField, error.Reason);
        }
    }

    [Fact]
    public void Well_encoded_payloads_pass_and_truncated_ones_are_malformed()
    {
        var good = LenField(2, Concat(LenField(1, TextField(1, "PROVA")), VarintField(8, 1), TextField(3, "sq")));
        Assert.True(UnknownFields.ParseStrict(CasePayload.Parser, good, "payload").IdentityConfirmationRequest.EmergencyTravelDocumentRequested);

        var error = Assert.Throws<RejectedException>(() => UnknownFields.ParseStrict(CasePayload.Parser, good.AsSpan(0, good.Length - 2), "payload"));
        Assert.Equal(ReasonCode.Malformed, error.Reason);
    }

    /// <summary>
    /// Every field of every message reachable from CasePayload, with every wire type its kind
    /// does not take, nested at its place and as the second element of every repeated field on the way.
    /// </summary>
    [Fact]
    public void Every_field_at_every_depth_refuses_every_wire_type_its_kind_does_not_take()
    {
        var missed = new List<string>();
        var cases = 0;
        foreach (var (path, message) in Reachable(CasePayload.Descriptor))
        {
            foreach (var field in message.Fields.InFieldNumberOrder())
            {
                foreach (var wire in AllWireTypes.Where(w => !Takes(field, w)))
                {
                    var bytes = Wrap(path, AnyWire(field.FieldNumber, wire, Smuggled));
                    cases++;
                    try
                    {
                        UnknownFields.ParseStrict(CasePayload.Parser, bytes, "payload");
                        missed.Add($"{string.Join('.', path.Select(p => p.Name))}.{field.Name} wire {wire}: accepted");
                    }
                    catch (RejectedException ex) when (ex.Reason != ReasonCode.UnknownField)
                    {
                        missed.Add($"{string.Join('.', path.Select(p => p.Name))}.{field.Name} wire {wire}: {ex.Reason.Name()}");
                    }
                    catch (RejectedException)
                    {
                        // Refused as it must be.
                    }
                }
            }
        }

        Assert.True(cases > 500, $"only {cases} cases were built");
        Assert.Empty(missed);
    }

    [Fact]
    public void A_packed_repeated_enum_with_a_value_the_enum_does_not_name_is_refused()
    {
        var (path, field) = Reachable(CasePayload.Descriptor)
            .SelectMany(m => m.Message.Fields.InFieldNumberOrder().Select(f => (m.Path, Field: f)))
            .First(x => x.Field.IsRepeated && x.Field.FieldType == FieldType.Enum);
        var defined = field.EnumType.Values.Max(v => v.Number);

        var good = Wrap(path, LenField(field.FieldNumber, VarintBytes((ulong)defined)));
        var bad = Wrap(path, LenField(field.FieldNumber, Encoding.ASCII.GetBytes("shelter")));

        UnknownFields.ParseStrict(CasePayload.Parser, good, "payload");
        Assert.Equal(ReasonCode.UnknownField, Assert.Throws<RejectedException>(() => UnknownFields.ParseStrict(CasePayload.Parser, bad, "payload")).Reason);
    }

    /// <summary>What Google.Protobuf reads into a field of this kind: everything else stays an unknown field.</summary>
    private static bool Takes(FieldDescriptor field, int wire) => field.FieldType switch
    {
        FieldType.Message or FieldType.String or FieldType.Bytes => wire == Len,
        FieldType.Fixed32 or FieldType.SFixed32 or FieldType.Float => wire == Fixed32 || (field.IsRepeated && wire == Len),
        FieldType.Fixed64 or FieldType.SFixed64 or FieldType.Double => wire == Fixed64 || (field.IsRepeated && wire == Len),
        _ => wire == Varint || (field.IsRepeated && wire == Len),
    };

    /// <summary>Each message type reachable from <paramref name="root"/> once, with the first path of message fields to it.</summary>
    private static List<(IReadOnlyList<FieldDescriptor> Path, MessageDescriptor Message)> Reachable(MessageDescriptor root)
    {
        var found = new List<(IReadOnlyList<FieldDescriptor>, MessageDescriptor)> { ([], root) };
        var seen = new HashSet<string> { root.FullName };
        for (var i = 0; i < found.Count; i++)
        {
            var (path, message) = found[i];
            foreach (var field in message.Fields.InFieldNumberOrder().Where(f => f.FieldType == FieldType.Message))
            {
                if (seen.Add(field.MessageType.FullName))
                {
                    found.Add(([.. path, field], field.MessageType));
                }
            }
        }

        return found;
    }

    private static byte[] Wrap(IReadOnlyList<FieldDescriptor> path, byte[] innermost)
    {
        var content = innermost;
        for (var i = path.Count - 1; i >= 0; i--)
        {
            var step = path[i];
            content = step.IsRepeated ? Concat(LenField(step.FieldNumber, []), LenField(step.FieldNumber, content)) : LenField(step.FieldNumber, content);
        }

        return content;
    }

    private static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(p => p)];
}
