namespace CrossBorder.Core.Tests.Support;

/// <summary>
/// Hand-encodes protobuf wire format, as an attacker writes it: any field number with any wire
/// type, groups included, without the generated code's idea of what a field is.
/// </summary>
internal static class ProtoBytes
{
    public const int Varint = 0;
    public const int Fixed64 = 1;
    public const int Len = 2;
    public const int StartGroup = 3;
    public const int EndGroup = 4;
    public const int Fixed32 = 5;

    public static byte[] Tag(int field, int wire) => VarintBytes(((ulong)field << 3) | (uint)wire);

    public static byte[] VarintBytes(ulong value)
    {
        var bytes = new List<byte>();
        do
        {
            var b = (byte)(value & 0x7F);
            value >>= 7;
            bytes.Add(value == 0 ? b : (byte)(b | 0x80));
        }
        while (value != 0);
        return [.. bytes];
    }

    public static byte[] VarintField(int field, ulong value) => [.. Tag(field, Varint), .. VarintBytes(value)];

    public static byte[] LenField(int field, byte[] content) => [.. Tag(field, Len), .. VarintBytes((ulong)content.Length), .. content];

    public static byte[] TextField(int field, string text) => LenField(field, System.Text.Encoding.UTF8.GetBytes(text));

    public static byte[] Fixed64Field(int field, ulong value) => [.. Tag(field, Fixed64), .. BitConverter.GetBytes(value)];

    public static byte[] Fixed32Field(int field, uint value) => [.. Tag(field, Fixed32), .. BitConverter.GetBytes(value)];

    public static byte[] GroupField(int field, byte[] content) => [.. Tag(field, StartGroup), .. content, .. Tag(field, EndGroup)];

    /// <summary>A field of <paramref name="field"/> with wire type <paramref name="wire"/> carrying text or bits.</summary>
    public static byte[] AnyWire(int field, int wire, string smuggled) => wire switch
    {
        Varint => VarintField(field, 0x7FFF_FFFF_FFFF),
        Fixed64 => Fixed64Field(field, 0x4142_4344_4546_4748),
        Len => TextField(field, smuggled),
        StartGroup => GroupField(field, TextField(1, smuggled)),
        Fixed32 => Fixed32Field(field, 0x4142_4344),
        _ => throw new ArgumentOutOfRangeException(nameof(wire)),
    };
}
