using System.Buffers;
using System.Security.Cryptography;
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
        var bytes = new ArrayBufferWriter<byte>(256);
        AuditEncoding.Label(bytes, "crossborder audit v1"u8);
        AuditEncoding.Field(bytes, previousHash);
        AuditEncoding.Number(bytes, sequence);
        AuditEncoding.Number(bytes, at.ToUnixTimeMilliseconds());
        AuditEncoding.Text(bytes, messageId);
        AuditEncoding.Text(bytes, StateNames.Name(direction));
        AuditEncoding.Text(bytes, peer);
        AuditEncoding.Text(bytes, StateNames.Name(state));
        AuditEncoding.Number(bytes, (long)reason);
        AuditEncoding.Number(bytes, attempt);
        AuditEncoding.Field(bytes, sealedSha256);
        return SHA256.HashData(bytes.WrittenSpan);
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
}
