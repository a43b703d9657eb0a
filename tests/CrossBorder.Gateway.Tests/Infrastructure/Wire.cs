using System.Text;

namespace CrossBorder.Gateway.Tests.Infrastructure;

/// <summary>
/// Hand-encoded protobuf, as an attacker writes it: fields are put together byte by byte, so that
/// what a test sends does not depend on the contract's generated code.
/// </summary>
internal static class Wire
{
    /// <summary>A varint field (wire type 0).</summary>
    public static byte[] Varint(int number, ulong value) => [.. Tag(number, 0), .. Raw(value)];

    /// <summary>A length-delimited field (wire type 2) holding <paramref name="bytes"/>.</summary>
    public static byte[] Bytes(int number, byte[] bytes) => [.. Tag(number, 2), .. Raw((ulong)bytes.Length), .. bytes];

    /// <summary>A length-delimited field holding UTF-8 text.</summary>
    public static byte[] Text(int number, string text) => Bytes(number, Encoding.UTF8.GetBytes(text));

    /// <summary>A google.protobuf.Timestamp field: seconds (1) and nanos (2).</summary>
    public static byte[] Time(int number, DateTimeOffset at) =>
        Bytes(number, [.. Varint(1, (ulong)at.ToUnixTimeSeconds()), .. Varint(2, (ulong)(at.Ticks % TimeSpan.TicksPerSecond * 100))]);

    private static byte[] Tag(int number, int wireType) => Raw(((ulong)number << 3) | (uint)wireType);

    private static byte[] Raw(ulong value)
    {
        var bytes = new List<byte>();
        while (value >= 0x80)
        {
            bytes.Add((byte)(value | 0x80));
            value >>= 7;
        }

        bytes.Add((byte)value);
        return [.. bytes];
    }
}
