using CrossBorder.Contracts.V1;
using CrossBorder.Core.Storage;
using static CrossBorder.Storage.Common.StoreValues;

namespace CrossBorder.Storage.Postgres;

/// <summary>
/// The audit writes of a <see cref="PostgresDatabase"/>: the entries about refusals that reached no
/// box and the chain's signed checkpoints (the reads are <see cref="AuditReads"/>). Entries are
/// appended by <see cref="PostgresUnitOfWork"/> only.
/// </summary>
internal sealed class PostgresAuditTrail(PostgresDatabase database)
{
    // The chain's lock orders checkpoints too: two replicas writing one at once cannot both pass the check.
    private static readonly string LastCheckpointSql = $"""
        SELECT pg_advisory_xact_lock({PostgresSchema.AuditLock});
        SELECT COALESCE(MAX(seq), 0) FROM audit_checkpoint;
        """;

    private const string CheckpointInsertSql =
        "INSERT INTO audit_checkpoint (seq, hash, at, signer, signature) VALUES (@seq, @hash, @at, @signer, @signature);";

    public Task RecordInboundRejectionAsync(string sender, string messageId, byte[] sealedSha256, ReasonCode reason, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sender);
        ArgumentNullException.ThrowIfNull(messageId);
        ArgumentNullException.ThrowIfNull(sealedSha256);
        return database.WriteAsync((sender, messageId, sealedSha256, reason, at), static (w, s, _) =>
        {
            w.InboundRefused(s.at, s.messageId, s.sender, s.reason, s.sealedSha256);
            return Task.FromResult(true);
        }, cancellationToken);
    }

    public Task RecordRefusalsAsync(string peer, IReadOnlyDictionary<ReasonCode, int> counts, DateTimeOffset windowEnd, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(peer);
        ArgumentNullException.ThrowIfNull(counts);
        return database.WriteAsync((peer, counts, windowEnd), static (w, s, _) =>
        {
            foreach (var (reason, count) in s.counts.OrderBy(c => c.Key))
            {
                w.RefusalsCounted(s.windowEnd, s.peer, reason, count);
            }

            return Task.FromResult(true);
        }, cancellationToken);
    }

    public Task AppendCheckpointAsync(AuditCheckpoint checkpoint, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(checkpoint);
        return database.WriteAsync(checkpoint, static async (w, c, ct) =>
        {
            long last;
            await using (var command = w.Command(LastCheckpointSql))
            await using (var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false))
            {
                await reader.NextResultAsync(ct).ConfigureAwait(false);
                await reader.ReadAsync(ct).ConfigureAwait(false);
                last = reader.GetInt64(0);
            }

            if (c.Sequence <= last)
            {
                throw new InvalidOperationException($"a checkpoint must follow the last one (entry {last}); it names entry {c.Sequence}");
            }

            await using (var hashAt = w.Command(AuditReads.HashAtSql).With("@seq", c.Sequence))
            {
                if (await hashAt.ExecuteScalarAsync(ct).ConfigureAwait(false) is not byte[] hash || !hash.AsSpan().SequenceEqual(c.Hash))
                {
                    throw new InvalidOperationException($"a checkpoint must name an entry of the chain with its hash; entry {c.Sequence} differs or is missing");
                }
            }

            await using var insert = w.Command(CheckpointInsertSql)
                .With("@seq", c.Sequence)
                .With("@hash", c.Hash)
                .With("@at", Ms(c.At))
                .With("@signer", c.Signer)
                .With("@signature", c.Signature);
            await insert.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            return true;
        }, cancellationToken);
    }
}
