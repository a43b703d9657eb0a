using System.Buffers;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Errors;
using Google.Protobuf;
using Google.Protobuf.Reflection;
using Google.Protobuf.WellKnownTypes;

namespace CrossBorder.Core.Contracts;

/// <summary>
/// Finds, in protobuf bytes, what the contract does not define <em>as sent</em>: a field number
/// the schema does not know, a known number sent with another wire type (a bool sent
/// length-delimited, a fixed64 in a bool field), a group, an enum number the enum does not name,
/// a bool that is neither 0 nor 1, or a Timestamp that is no time, at every depth and on every element of a repeated field.
/// Google.Protobuf keeps the first four silently (as unknown fields, or as an open enum value) and
/// writes them out again; deny by default means every entry (local submit, opened envelopes,
/// receipts, trust lists) refuses them with <c>UNKNOWN_FIELD</c>, never passes them through.
/// </summary>
public static class UnknownFields
{
    /// <summary>Nesting deeper than Google.Protobuf's own recursion limit is refused as well.</summary>
    private const int MaxDepth = 100;

    private const long MinTimestampSeconds = -62_135_596_800; // 0001-01-01T00:00:00Z
    private const long MaxTimestampSeconds = 253_402_300_799; // 9999-12-31T23:59:59Z

    /// <summary>
    /// The path of the first thing <paramref name="message"/> holds that the contract does not
    /// define, e.g. <c>CasePayload.identity_confirmation_request.#8(wire 2)</c>; null when none.
    /// A parsed message writes out what it did not understand with the tag it came with, so its
    /// encoding shows what was sent.
    /// </summary>
    public static string? Find(IMessage message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var size = message.CalculateSize();
        var buffer = ArrayPool<byte>.Shared.Rent(Math.Max(size, 1));
        try
        {
            message.WriteTo(buffer.AsSpan(0, size));
            return Find(message.Descriptor, buffer.AsSpan(0, size));
        }
        finally
        {
            // The bytes are a case payload: personal data does not linger in pooled memory.
            buffer.AsSpan(0, size).Clear();
            ArrayPool<byte>.Shared.Return(buffer);
        }
    }

    /// <summary>The path of the first thing in <paramref name="encoded"/> that <paramref name="descriptor"/> does not define; null when none.</summary>
    public static string? Find(MessageDescriptor descriptor, ReadOnlySpan<byte> encoded)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        return Walk(descriptor, encoded, 0) is { } found ? $"{descriptor.Name}.{found}" : null;
    }

    /// <summary>
    /// Parses <paramref name="encoded"/> strictly: <c>MALFORMED</c> when it is not protobuf,
    /// <c>UNKNOWN_FIELD</c> when it holds anything the contract does not define as sent.
    /// </summary>
    public static T ParseStrict<T>(MessageParser<T> parser, ReadOnlySpan<byte> encoded, string what)
        where T : IMessage<T>
    {
        ArgumentNullException.ThrowIfNull(parser);
        T parsed;
        try
        {
            parsed = parser.ParseFrom(encoded);
        }
        catch (InvalidProtocolBufferException)
        {
            throw Reject.Malformed(what);
        }

        Require(parsed.Descriptor, encoded, what);
        return parsed;
    }

    /// <summary>Refuses <paramref name="encoded"/> with <c>UNKNOWN_FIELD</c> when it holds anything <paramref name="descriptor"/> does not define as sent.</summary>
    public static void Require(MessageDescriptor descriptor, ReadOnlySpan<byte> encoded, string what)
    {
        if (Find(descriptor, encoded) is { } unknown)
        {
            throw Reject.Because(ReasonCode.UnknownField, $"{what} has a field or value the contract does not define: {unknown}");
        }
    }

    /// <summary>
    /// The path of the first singular field (or second member of a oneof) written more than once in
    /// one message of <paramref name="encoded"/>, e.g. <c>SealedContent.header.route(written again)</c>;
    /// null when none. A receiver keeps the last value (protobuf's rule); a sender must not write
    /// such bytes ([WS-7-4]), so a peer checking a sender looks here. What the contract does not
    /// define is reported as <see cref="Find(MessageDescriptor, ReadOnlySpan{byte})"/> does.
    /// </summary>
    public static string? FindRepeatedSingular(MessageDescriptor descriptor, ReadOnlySpan<byte> encoded)
    {
        ArgumentNullException.ThrowIfNull(descriptor);
        return Walk(descriptor, encoded, 0, singularOnce: true) is { } found ? $"{descriptor.Name}.{found}" : null;
    }

    private static string? Walk(MessageDescriptor descriptor, ReadOnlySpan<byte> bytes, int depth, bool singularOnce = false)
    {
        if (depth > MaxDepth)
        {
            return "(nested too deeply)";
        }

        HashSet<int>? seen = singularOnce ? [] : null;
        var reader = new WireReader(bytes);
        while (!reader.AtEnd)
        {
            if (!reader.TryReadTag(out var number, out var wire))
            {
                return "(not well-formed)";
            }

            var field = descriptor.FindFieldByNumber(number);
            if (field is null || !Accepts(field, wire))
            {
                return $"#{number}(wire {(int)wire})";
            }

            // A oneof's members share one slot: a second member replaces the first as a repeat would.
            if (seen is not null && !field.IsRepeated && !seen.Add(field.RealContainingOneof is { } oneof ? -1 - oneof.Index : number))
            {
                return $"{field.Name}(written again)";
            }

            var found = wire switch
            {
                WireFormat.WireType.Varint => reader.TryReadVarint(out var value) ? CheckScalar(field, value) : "(not well-formed)",
                WireFormat.WireType.Fixed32 => reader.TrySkip(4) ? null : "(not well-formed)",
                WireFormat.WireType.Fixed64 => reader.TrySkip(8) ? null : "(not well-formed)",
                _ => reader.TryReadLengthDelimited(out var inner) ? CheckLengthDelimited(field, inner, depth, singularOnce) : "(not well-formed)",
            };
            if (found is not null)
            {
                return $"{field.Name}{(found.Length == 0 ? "" : "." + found)}";
            }
        }

        return null;
    }

    /// <summary>
    /// Whether <paramref name="enumType"/> names <paramref name="number"/>: the one definition of a
    /// closed enum, for the bytes as sent here and for parsed payloads in the policy's validation.
    /// </summary>
    internal static bool IsDefined(EnumDescriptor enumType, int number) => enumType.FindValueByNumber(number) is not null;

    /// <summary>Null when the value is one the field defines; "" for a bad value of the field itself.</summary>
    private static string? CheckScalar(FieldDescriptor field, ulong value) => field.FieldType switch
    {
        FieldType.Enum => IsDefined(field.EnumType, unchecked((int)value)) ? null : "",
        FieldType.Bool => value > 1 ? "" : null,
        _ when ReferenceEquals(field.ContainingType, Timestamp.Descriptor) => TimestampPart(field, unchecked((long)value)) ? null : "",
        _ => null,
    };

    /// <summary>
    /// A Timestamp's seconds lie in years 1 to 9999 and its nanos in [0, 10^9): anything else is no
    /// time at all, and converting it throws far from here (after decryption and verification).
    /// </summary>
    private static bool TimestampPart(FieldDescriptor field, long value) => field.FieldNumber switch
    {
        Timestamp.SecondsFieldNumber => value is >= MinTimestampSeconds and <= MaxTimestampSeconds,
        Timestamp.NanosFieldNumber => value is >= 0 and < 1_000_000_000,
        _ => true,
    };

    private static string? CheckLengthDelimited(FieldDescriptor field, ReadOnlySpan<byte> inner, int depth, bool singularOnce)
    {
        switch (field.FieldType)
        {
            case FieldType.Message:
                return Walk(field.MessageType, inner, depth + 1, singularOnce);
            case FieldType.String or FieldType.Bytes:
                return null;
        }

        // A packed repeated scalar: every element must be whole and, for enums and bools, defined.
        var packed = new WireReader(inner);
        var width = FixedWidth(field.FieldType);
        while (!packed.AtEnd)
        {
            if (width > 0)
            {
                if (!packed.TrySkip(width))
                {
                    return "(not well-formed)";
                }
            }
            else if (!packed.TryReadVarint(out var value))
            {
                return "(not well-formed)";
            }
            else if (CheckScalar(field, value) is { } bad)
            {
                return bad;
            }
        }

        return null;
    }

    /// <summary>The wire types Google.Protobuf reads into the field; anything else it keeps as an unknown field.</summary>
    private static bool Accepts(FieldDescriptor field, WireFormat.WireType wire) => field.FieldType switch
    {
        FieldType.Message or FieldType.String or FieldType.Bytes => wire == WireFormat.WireType.LengthDelimited,
        FieldType.Group => false,
        _ => wire == ScalarWireType(field.FieldType) || (field.IsRepeated && wire == WireFormat.WireType.LengthDelimited),
    };

    private static WireFormat.WireType ScalarWireType(FieldType type) => FixedWidth(type) switch
    {
        4 => WireFormat.WireType.Fixed32,
        8 => WireFormat.WireType.Fixed64,
        _ => WireFormat.WireType.Varint,
    };

    private static int FixedWidth(FieldType type) => type switch
    {
        FieldType.Fixed32 or FieldType.SFixed32 or FieldType.Float => 4,
        FieldType.Fixed64 or FieldType.SFixed64 or FieldType.Double => 8,
        _ => 0,
    };
}
