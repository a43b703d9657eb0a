using System.Security.Cryptography;

namespace CrossBorder.Core.Delivery;

/// <summary>The ids a message's way hands out and checks: random or time-ordered, never derived from case data.</summary>
public static class MessageIds
{
    /// <summary>A random 128-bit id, 32 lower-case hex digits: never derived from case data.</summary>
    public static string NewId() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    /// <summary>
    /// A message id, 32 lower-case hex digits: the creation time in unix milliseconds (48 bits,
    /// the time the routing header shows anyway) and then 80 random bits; never derived from case
    /// data. Ids in creation order keep the stores' indexes on message ids appending at their end
    /// instead of touching a random page of each for every message, which halves the pages a
    /// durable commit writes.
    /// </summary>
    public static string NewMessageId(DateTimeOffset createdAt)
    {
        Span<byte> id = stackalloc byte[16];
        System.Buffers.Binary.BinaryPrimitives.WriteInt64BigEndian(id[..8], createdAt.ToUnixTimeMilliseconds() << 16);
        RandomNumberGenerator.Fill(id[6..]);
        return Convert.ToHexStringLower(id);
    }

    /// <summary>
    /// The id as people see it in a line of text: its last 8 hex digits. A message id begins with its
    /// creation millisecond, so its first digits are the same for every message of a burst; its last
    /// digits are random in every kind of id. The full id stays what commands take.
    /// </summary>
    public static string ShortForm(string id)
    {
        ArgumentNullException.ThrowIfNull(id);
        return id.Length > 8 ? id[^8..] : id;
    }

    /// <summary>True for a well-formed id.</summary>
    public static bool IsId(string value)
    {
        ArgumentNullException.ThrowIfNull(value);
        return value.Length == 32 && value.All(char.IsAsciiHexDigitLower);
    }
}
