using Google.Protobuf;

namespace CrossBorder.Conformance.Envelopes;

/// <summary>One encoded field the contract does not define (number 99), of a chosen wire type.</summary>
internal static class UnknownFieldBytes
{
    public const int FieldNumber = 99;

    public static byte[] Of(WireFormat.WireType wireType)
    {
        using var buffer = new MemoryStream();
        var output = new CodedOutputStream(buffer);
        switch (wireType)
        {
            case WireFormat.WireType.Varint:
                output.WriteTag(FieldNumber, wireType);
                output.WriteUInt64(1);
                break;
            case WireFormat.WireType.Fixed64:
                output.WriteTag(FieldNumber, wireType);
                output.WriteFixed64(0x0102030405060708);
                break;
            case WireFormat.WireType.LengthDelimited:
                output.WriteTag(FieldNumber, wireType);
                output.WriteBytes(ByteString.CopyFromUtf8("unknown"));
                break;
            case WireFormat.WireType.Fixed32:
                output.WriteTag(FieldNumber, wireType);
                output.WriteFixed32(0x01020304);
                break;
            case WireFormat.WireType.StartGroup:
                output.WriteTag(FieldNumber, WireFormat.WireType.StartGroup);
                output.WriteTag(FieldNumber, WireFormat.WireType.EndGroup);
                break;
            default:
                throw new ArgumentOutOfRangeException(nameof(wireType), wireType, "no field of this wire type");
        }

        output.Flush();
        return buffer.ToArray();
    }
}
