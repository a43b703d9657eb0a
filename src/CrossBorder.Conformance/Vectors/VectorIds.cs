using System.Security.Cryptography;
using System.Text;

namespace CrossBorder.Conformance.Vectors;

/// <summary>
/// Message and conversation ids of the vectors, the same in every run: the sealing instant in unix
/// milliseconds (48 bits) then 80 bits of SHA-256 over the test case number and the id's rank
/// within the vector. Derived from the vector's number, never from case data (WS-1-2).
/// </summary>
internal static class VectorIds
{
    public static Func<string> For(int tcId, DateTimeOffset sealedAt)
    {
        var rank = 0;
        return () =>
        {
            var time = sealedAt.ToUnixTimeMilliseconds().ToString("x12", System.Globalization.CultureInfo.InvariantCulture);
            var tail = SHA256.HashData(Encoding.ASCII.GetBytes($"crossborder test vector {tcId} id {rank++}"));
            return time + Convert.ToHexStringLower(tail.AsSpan(0, 10));
        };
    }
}
