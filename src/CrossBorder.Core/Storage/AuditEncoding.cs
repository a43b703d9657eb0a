using System.Buffers;
using System.Buffers.Binary;
using System.Text;

namespace CrossBorder.Core.Storage;

/// <summary>
/// The fixed, length-prefixed encoding of what the audit trail hashes and signs (<see cref="AuditChain"/>,
/// <see cref="AuditCheckpoints"/>): a label saying what the bytes are and which version, then each
/// field as a 4-byte big-endian length and its bytes, numbers as 8-byte big-endian integers, texts as UTF-8.
/// </summary>
internal static class AuditEncoding
{
    public static void Label(IBufferWriter<byte> writer, ReadOnlySpan<byte> label) => writer.Write(label);

    public static void Text(IBufferWriter<byte> writer, string value) => Field(writer, Encoding.UTF8.GetBytes(value));

    public static void Number(IBufferWriter<byte> writer, long value)
    {
        BinaryPrimitives.WriteInt64BigEndian(writer.GetSpan(8), value);
        writer.Advance(8);
    }

    public static void Field(IBufferWriter<byte> writer, ReadOnlySpan<byte> value)
    {
        BinaryPrimitives.WriteInt32BigEndian(writer.GetSpan(4), value.Length);
        writer.Advance(4);
        writer.Write(value);
    }
}
