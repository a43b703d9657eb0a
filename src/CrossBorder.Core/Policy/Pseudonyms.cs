using System.Security.Cryptography;
using System.Text;

namespace CrossBorder.Core.Policy;

/// <summary>
/// Per-link pseudonyms: <c>keyid:</c> followed by the first 160 bits of
/// HMAC-SHA256(link key, "crossborder.v1 pseudonym" NUL value) in lower-case base32 (RFC 4648,
/// no padding). The same value on the same link gives the same pseudonym; another link has
/// another key, so its pseudonyms cannot be linked to these. The key id lets keys rotate.
/// </summary>
internal static class Pseudonyms
{
    private const string Alphabet = "abcdefghijklmnopqrstuvwxyz234567";
    private static readonly byte[] Domain = Encoding.UTF8.GetBytes("crossborder.v1 pseudonym\0");

    public static string Compute(PseudonymKey key, string value)
    {
        var input = new byte[Domain.Length + Encoding.UTF8.GetByteCount(value)];
        Domain.CopyTo(input, 0);
        Encoding.UTF8.GetBytes(value, input.AsSpan(Domain.Length));
        Span<byte> mac = stackalloc byte[32];
        HMACSHA256.HashData(key.Key.Span, input, mac);
        return $"{key.KeyId}:{Base32(mac[..20])}";
    }

    private static string Base32(ReadOnlySpan<byte> data)
    {
        var text = new StringBuilder((data.Length * 8 + 4) / 5);
        int buffer = 0, bits = 0;
        foreach (var b in data)
        {
            buffer = (buffer << 8) | b;
            bits += 8;
            while (bits >= 5)
            {
                text.Append(Alphabet[(buffer >> (bits - 5)) & 31]);
                bits -= 5;
            }
        }

        if (bits > 0)
        {
            text.Append(Alphabet[(buffer << (5 - bits)) & 31]);
        }

        return text.ToString();
    }
}
