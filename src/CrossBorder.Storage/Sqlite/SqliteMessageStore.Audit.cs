using CrossBorder.Contracts.V1;
using CrossBorder.Core.Storage;
using Microsoft.Data.Sqlite;
using static CrossBorder.Storage.Sqlite.SqliteValues;

namespace CrossBorder.Storage.Sqlite;

public sealed partial class SqliteMessageStore
{
    private const string AuditTailSql = "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1;";

    private const string AuditInsertSql = """
        INSERT INTO audit (seq, at, message_id, direction, peer, state, reason, attempt, sealed_sha256, prev_hash, hash)
        VALUES ($seq, $at, $id, $direction, $peer, $state, $reason, $attempt, $sha, $prev, $hash);
        """;

    private const string AuditColumns = "seq, at, message_id, direction, peer, state, reason, attempt, sealed_sha256, prev_hash, hash";

    private const string TrailSql = $"SELECT {AuditColumns} FROM audit WHERE message_id = $id ORDER BY seq;";

    private const string VerifySql = $"SELECT {AuditColumns} FROM audit ORDER BY seq;";

    /// <inheritdoc />
    public Task RecordRefusalsAsync(string peer, IReadOnlyDictionary<ReasonCode, int> counts, DateTimeOffset windowEnd, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(peer);
        ArgumentNullException.ThrowIfNull(counts);
        return WriteAsync((peer, counts, windowEnd), static (w, s) =>
        {
            foreach (var (reason, count) in s.counts.OrderBy(c => c.Key))
            {
                w.Audit(s.windowEnd, "", MessageStates.In, s.peer, MessageStates.Refusals, reason, count, []);
            }

            return true;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<AuditEntry>> TrailAsync(string messageId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messageId);
        using var connection = await OpenReaderAsync(cancellationToken).ConfigureAwait(false);
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
    /// run from 1 without gaps; entries after a broken one are still counted.
    /// </remarks>
    public async Task<AuditVerification> VerifyAuditAsync(CancellationToken cancellationToken)
    {
        using var connection = await OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = VerifySql;
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        long entries = 0;
        long? firstBroken = null;
        var previousHash = AuditChain.Genesis.ToArray();
        long expectedSequence = 1;
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            var entry = ReadAuditEntry(reader);
            entries++;
            if (firstBroken is null && (entry.Sequence != expectedSequence || !AuditChain.Holds(entry, previousHash)))
            {
                firstBroken = entry.Sequence;
            }

            previousHash = entry.Hash;
            expectedSequence = entry.Sequence + 1;
        }

        return new AuditVerification(entries, firstBroken);
    }

    private static AuditEntry ReadAuditEntry(SqliteDataReader reader) => new(
        Sequence: reader.GetInt64(0),
        At: Time(reader, 1),
        MessageId: reader.GetString(2),
        Direction: reader.GetString(3),
        Peer: reader.GetString(4),
        State: reader.GetString(5),
        Reason: (ReasonCode)reader.GetInt32(6),
        Attempt: reader.GetInt32(7),
        SealedSha256: Blob(reader, 8),
        PreviousHash: Blob(reader, 9),
        Hash: Blob(reader, 10));
}
