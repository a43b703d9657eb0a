using CrossBorder.Contracts.V1;
using CrossBorder.Core.Delivery.States;
using CrossBorder.Core.Storage;
using Microsoft.Data.Sqlite;
using static CrossBorder.Storage.Sqlite.SqliteValues;

namespace CrossBorder.Storage.Sqlite;

/// <summary>
/// The audit trail of a <see cref="SqliteDatabase"/>: reading and verifying the hash chain, and the
/// entries about refusals that reached no box. Entries are appended by <see cref="SqliteUnitOfWork"/> only.
/// </summary>
internal sealed class SqliteAuditTrail(SqliteDatabase database) : IAuditTrail
{
    private const string AuditColumns = "seq, at, message_id, direction, peer, state, reason, attempt, sealed_sha256, prev_hash, hash";

    private const string TrailSql = $"SELECT {AuditColumns} FROM audit WHERE message_id = $id ORDER BY seq;";

    private const string VerifySql = $"SELECT {AuditColumns} FROM audit ORDER BY seq;";

    /// <inheritdoc />
    public Task RecordInboundRejectionAsync(string sender, string messageId, byte[] sealedSha256, ReasonCode reason, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sender);
        ArgumentNullException.ThrowIfNull(messageId);
        ArgumentNullException.ThrowIfNull(sealedSha256);
        return database.WriteAsync((sender, messageId, sealedSha256, reason, at), static (w, s) =>
        {
            w.InboundRefused(s.at, s.messageId, s.sender, s.reason, s.sealedSha256);
            return true;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task RecordRefusalsAsync(string peer, IReadOnlyDictionary<ReasonCode, int> counts, DateTimeOffset windowEnd, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(peer);
        ArgumentNullException.ThrowIfNull(counts);
        return database.WriteAsync((peer, counts, windowEnd), static (w, s) =>
        {
            foreach (var (reason, count) in s.counts.OrderBy(c => c.Key))
            {
                w.RefusalsCounted(s.windowEnd, s.peer, reason, count);
            }

            return true;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<AuditEntry>> TrailAsync(string messageId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messageId);
        using var connection = await database.OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = TrailSql;
        command.With("$id", messageId);
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var entries = new List<AuditEntry>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            entries.Add(ReadAuditEntry(reader));
        }

        return entries;
    }

    /// <inheritdoc />
    /// <remarks>
    /// Every entry is checked against the stored hash of the one before it, and the sequence must
    /// run from 1 without gaps; an entry whose state or direction is no known text is broken too.
    /// Entries after a broken one are still counted.
    /// </remarks>
    public async Task<AuditVerification> VerifyAuditAsync(CancellationToken cancellationToken)
    {
        using var connection = await database.OpenReaderAsync(cancellationToken).ConfigureAwait(false);
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

    private static AuditEntry ReadAuditEntry(SqliteDataReader reader) => new(
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
    private static AuditEntry? TryReadAuditEntry(SqliteDataReader reader)
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
