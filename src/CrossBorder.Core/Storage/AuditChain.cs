using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Delivery.States;

namespace CrossBorder.Core.Storage;

/// <summary>
/// The audit hash chain, the same for every store: each entry's hash is SHA-256 over the
/// previous entry's hash and this entry's fields in a fixed, length-prefixed encoding, so that
/// removing, reordering or editing an entry breaks every hash after it.
/// States and directions enter the hash as their stored texts (<see cref="StateNames"/>).
/// </summary>
public static class AuditChain
{
    /// <summary>The "previous hash" of the first entry.</summary>
    public static ReadOnlySpan<byte> Genesis => new byte[32];

    /// <summary>The hash of an entry given the previous entry's hash.</summary>
    public static byte[] Hash(
        ReadOnlySpan<byte> previousHash,
        long sequence,
        DateTimeOffset at,
        string messageId,
        AuditDirection direction,
        string peer,
        AuditState state,
        ReasonCode reason,
        int attempt,
        ReadOnlySpan<byte> sealedSha256)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData("crossborder audit v1"u8);
        Field(hash, previousHash);
        Number(hash, sequence);
        Number(hash, at.ToUnixTimeMilliseconds());
        Text(hash, messageId);
        Text(hash, StateNames.Name(direction));
        Text(hash, peer);
        Text(hash, StateNames.Name(state));
        Number(hash, (long)reason);
        Number(hash, attempt);
        Field(hash, sealedSha256);
        return hash.GetHashAndReset();
    }

    /// <summary>Checks one entry against the previous entry's hash.</summary>
    public static bool Holds(AuditEntry entry, ReadOnlySpan<byte> previousHash)
    {
        ArgumentNullException.ThrowIfNull(entry);
        return previousHash.SequenceEqual(entry.PreviousHash) &&
            CryptographicOperations.FixedTimeEquals(
                Hash(previousHash, entry.Sequence, entry.At, entry.MessageId, entry.Direction, entry.Peer, entry.State, entry.Reason, entry.Attempt, entry.SealedSha256),
                entry.Hash);
    }

    private static void Text(IncrementalHash hash, string value) => Field(hash, Encoding.UTF8.GetBytes(value));

    private static void Number(IncrementalHash hash, long value)
    {
        Span<byte> bytes = stackalloc byte[8];
        BinaryPrimitives.WriteInt64BigEndian(bytes, value);
        hash.AppendData(bytes);
    }

    private static void Field(IncrementalHash hash, ReadOnlySpan<byte> value)
    {
        Span<byte> length = stackalloc byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, value.Length);
        hash.AppendData(length);
        hash.AppendData(value);
    }
}
