using System.Buffers.Binary;
using System.Security.Cryptography;
using System.Text;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Delivery.States;
using CrossBorder.Core.Storage;

namespace CrossBorder.Core.Tests.Storage;

/// <summary>
/// The audit hash covers states and directions as their stored texts, so chains written before
/// states were typed still verify.
/// </summary>
public sealed class AuditChainTests
{
    private static readonly DateTimeOffset At = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);

    [Theory]
    [InlineData(AuditDirection.Out, AuditState.Submitted, "OUT", "SUBMITTED")]
    [InlineData(AuditDirection.Out, AuditState.RetryWait, "OUT", "RETRY_WAIT")]
    [InlineData(AuditDirection.In, AuditState.Quarantined, "IN", "QUARANTINED")]
    [InlineData(AuditDirection.In, AuditState.Refusals, "IN", "REFUSALS")]
    public void The_hash_of_an_entry_is_the_hash_over_the_texts_of_its_state_and_direction(AuditDirection direction, AuditState state, string directionText, string stateText)
    {
        var previous = SHA256.HashData("previous"u8);
        var sealedSha256 = SHA256.HashData("sealed"u8);

        var hash = AuditChain.Hash(previous, 7, At, "0123456789abcdef0123456789abcdef", direction, "AL/NCP", state, ReasonCode.Unavailable, 2, sealedSha256);

        Assert.Equal(TextHash(previous, 7, At, "0123456789abcdef0123456789abcdef", directionText, "AL/NCP", stateText, ReasonCode.Unavailable, 2, sealedSha256), hash);
    }

    [Fact]
    public void An_entry_holds_against_its_previous_hash_and_not_once_its_state_is_changed()
    {
        var sealedSha256 = SHA256.HashData("sealed"u8);
        var hash = AuditChain.Hash(AuditChain.Genesis, 1, At, "id", AuditDirection.Out, "AL/NCP", AuditState.Queued, ReasonCode.Unspecified, 0, sealedSha256);
        var entry = new AuditEntry(1, At, "id", AuditDirection.Out, "AL/NCP", AuditState.Queued, ReasonCode.Unspecified, 0, sealedSha256, AuditChain.Genesis.ToArray(), hash);

        Assert.True(AuditChain.Holds(entry, AuditChain.Genesis));
        Assert.False(AuditChain.Holds(entry with { State = AuditState.Delivered }, AuditChain.Genesis));
        Assert.False(AuditChain.Holds(entry with { Direction = AuditDirection.In }, AuditChain.Genesis));
    }

    /// <summary>The hash as written when states were plain text: the format of every existing chain.</summary>
    private static byte[] TextHash(byte[] previous, long sequence, DateTimeOffset at, string messageId, string direction, string peer, string state, ReasonCode reason, int attempt, byte[] sealedSha256)
    {
        using var hash = IncrementalHash.CreateHash(HashAlgorithmName.SHA256);
        hash.AppendData("crossborder audit v1"u8);
        Field(hash, previous);
        Number(hash, sequence);
        Number(hash, at.ToUnixTimeMilliseconds());
        Field(hash, Encoding.UTF8.GetBytes(messageId));
        Field(hash, Encoding.UTF8.GetBytes(direction));
        Field(hash, Encoding.UTF8.GetBytes(peer));
        Field(hash, Encoding.UTF8.GetBytes(state));
        Number(hash, (long)reason);
        Number(hash, attempt);
        Field(hash, sealedSha256);
        return hash.GetHashAndReset();
    }

    private static void Number(IncrementalHash hash, long value)
    {
        var bytes = new byte[8];
        BinaryPrimitives.WriteInt64BigEndian(bytes, value);
        hash.AppendData(bytes);
    }

    private static void Field(IncrementalHash hash, byte[] value)
    {
        var length = new byte[4];
        BinaryPrimitives.WriteInt32BigEndian(length, value.Length);
        hash.AppendData(length);
        hash.AppendData(value);
    }
}
