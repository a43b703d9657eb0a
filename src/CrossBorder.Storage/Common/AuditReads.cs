using System.Data.Common;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Delivery.States;
using CrossBorder.Core.Storage;
using static CrossBorder.Storage.Common.StoreValues;

namespace CrossBorder.Storage.Common;

/// <summary>
/// Reading and verifying the audit hash chain and its signed checkpoints, the same for every
/// database, on the store's reader connections.
/// </summary>
/// <param name="openReader">Opens one of the store's reader connections.</param>
internal sealed class AuditReads(Func<CancellationToken, Task<DbConnection>> openReader)
{
    private const string AuditColumns = "seq, at, message_id, direction, peer, state, reason, attempt, sealed_sha256, prev_hash, hash";

    private const string TrailSql = $"SELECT {AuditColumns} FROM audit WHERE message_id = @id ORDER BY seq;";

    private const string VerifySql = $"SELECT {AuditColumns} FROM audit ORDER BY seq;";

    private const string HeadSql = "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1;";

    public const string HashAtSql = "SELECT hash FROM audit WHERE seq = @seq;";

    private const string CheckpointsSql = "SELECT seq, hash, at, signer, signature FROM audit_checkpoint ORDER BY seq DESC LIMIT @max;";

    /// <summary>The audit entries about one message id, in order (both directions).</summary>
    public async Task<IReadOnlyList<AuditEntry>> TrailAsync(string messageId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messageId);
        using var connection = await openReader(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = TrailSql;
        command.With("@id", messageId);
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var entries = new List<AuditEntry>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            entries.Add(ReadAuditEntry(reader));
        }

        return entries;
    }

    /// <remarks>
    /// Every entry is checked against the stored hash of the one before it, and the sequence must
    /// run from 1 without gaps; an entry whose state or direction is no known text is broken too.
    /// Entries after a broken one are still counted.
    /// </remarks>
    public async Task<AuditVerification> VerifyAuditAsync(CancellationToken cancellationToken)
    {
        using var connection = await openReader(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = VerifySql;
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        long entries = 0;
        long? firstBroken = null;
        var previousHash = AuditChain.Genesis.ToArray();
        long expectedSequence = 1;
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var sequence = reader.GetInt64(0);
            var entry = TryReadAuditEntry(reader);
            entries++;
            if (firstBroken is null && (entry is null || sequence != expectedSequence || !AuditChain.Holds(entry, previousHash)))
            {
                firstBroken = sequence;
            }

            previousHash = Blob(reader, 10);
            expectedSequence = sequence + 1;
        }

        return new AuditVerification(entries, firstBroken);
    }

    public async Task<AuditHead> HeadAsync(CancellationToken cancellationToken)
    {
        using var connection = await openReader(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = HeadSql;
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? new AuditHead(reader.GetInt64(0), Blob(reader, 1))
            : new AuditHead(0, AuditChain.Genesis.ToArray());
    }

    public async Task<byte[]?> HashAtAsync(long sequence, CancellationToken cancellationToken)
    {
        using var connection = await openReader(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = HashAtSql;
        command.With("@seq", sequence);
        return await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as byte[];
    }

    public async Task<IReadOnlyList<AuditCheckpoint>> CheckpointsAsync(int max, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(max);
        using var connection = await openReader(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = CheckpointsSql;
        command.With("@max", max);
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var checkpoints = new List<AuditCheckpoint>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            checkpoints.Add(new AuditCheckpoint(reader.GetInt64(0), Blob(reader, 1), Time(reader, 2), reader.GetString(3), Blob(reader, 4)));
        }

        return checkpoints;
    }

    private static AuditEntry ReadAuditEntry(DbDataReader reader) => new(
        Sequence: reader.GetInt64(0),
        At: Time(reader, 1),
        MessageId: reader.GetString(2),
        Direction: StateNames.ParseDirection(reader.GetString(3)),
        Peer: reader.GetString(4),
        State: StateNames.ParseAudit(reader.GetString(5)),
        Reason: (ReasonCode)reader.GetInt32(6),
        Attempt: reader.GetInt32(7),
        SealedSha256: Blob(reader, 8),
        PreviousHash: Blob(reader, 9),
        Hash: Blob(reader, 10));

    /// <summary>The entry at the reader, or null when its stored state or direction is no known text (a tampered row).</summary>
    private static AuditEntry? TryReadAuditEntry(DbDataReader reader)
    {
        try
        {
            return ReadAuditEntry(reader);
        }
        catch (FormatException)
        {
            return null;
        }
    }
}
