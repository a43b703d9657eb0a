using System.Data.Common;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Delivery.States;
using CrossBorder.Core.Storage;
using Npgsql;
using NpgsqlTypes;

namespace CrossBorder.Storage.Postgres;

/// <summary>
/// The PostgreSQL unit of work (<see cref="StoreUnitOfWork"/>): the write changes its rows first
/// (locking them), and its audit entries are chained and inserted last (<see cref="AppendAuditAsync"/>),
/// just before the commit, under the advisory lock <see cref="PostgresSchema.AuditLock"/>.
/// </summary>
/// <remarks>
/// Several processes append to one chain: the lock makes them take turns from reading the chain's
/// last entry until their commit, so sequence numbers run without gaps and each entry's previous
/// hash is the committed one before it. Taking it last, after every row lock of the write, means a
/// holder never waits for a row another writer holds while that writer waits for the lock.
/// </remarks>
internal sealed class PostgresUnitOfWork(NpgsqlConnection connection, NpgsqlTransaction transaction) : StoreUnitOfWork
{
    private static readonly string LockAndTailSql = $"""
        SELECT pg_advisory_xact_lock({PostgresSchema.AuditLock});
        SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1;
        """;

    private const string InsertSql = """
        INSERT INTO audit (seq, at, message_id, direction, peer, state, reason, attempt, sealed_sha256, prev_hash, hash)
        SELECT * FROM unnest(@seq, @at, @id, @direction, @peer, @state, @reason, @attempt, @sha, @prev, @hash);
        """;

    private readonly List<Pending> _pending = [];

    /// <summary>A command in this transaction.</summary>
    public NpgsqlCommand Command(string sql) => new(sql, connection, transaction);

    /// <summary>Whether the write has audit entries waiting to be appended.</summary>
    public bool HasAudit => _pending.Count > 0;

    /// <inheritdoc />
    public override string ForUpdate => " FOR UPDATE";

    /// <inheritdoc />
    public override string ForUpdateSkipLocked => " FOR UPDATE SKIP LOCKED";

    /// <inheritdoc />
    public override async Task SerializeNoticesAsync(CancellationToken cancellationToken)
    {
        await using var command = Command($"SELECT pg_advisory_xact_lock({PostgresSchema.NoticeLock});");
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override async Task<int> ExecuteAsync(string sql, Action<DbCommand> parameters, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        await using var command = Command(sql);
        parameters(command);
        return await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public override async Task<List<T>> QueryAsync<T>(string sql, Action<DbCommand> parameters, Func<DbDataReader, T> row, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(row);
        await using var command = Command(sql);
        parameters(command);
        var rows = new List<T>();
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            rows.Add(row(reader));
        }

        return rows;
    }

    /// <inheritdoc />
    protected override void Append(DateTimeOffset at, string messageId, AuditDirection direction, string peer, AuditState state, ReasonCode reason, int attempt, byte[] sealedSha256) =>
        _pending.Add(new Pending(at, messageId, direction, peer, state, reason, attempt, sealedSha256));

    /// <summary>Chains and inserts the write's audit entries, in the order they were appended.</summary>
    public async Task AppendAuditAsync(CancellationToken cancellationToken)
    {
        if (_pending.Count == 0)
        {
            return;
        }

        long sequence = 0;
        var previous = AuditChain.Genesis.ToArray();
        await using (var tail = Command(LockAndTailSql))
        await using (var reader = await tail.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false))
        {
            await reader.NextResultAsync(cancellationToken).ConfigureAwait(false);
            if (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                sequence = reader.GetInt64(0);
                previous = reader.GetFieldValue<byte[]>(1);
            }
        }

        var count = _pending.Count;
        var sequences = new long[count];
        var times = new long[count];
        var ids = new string[count];
        var directions = new string[count];
        var peers = new string[count];
        var states = new string[count];
        var reasons = new int[count];
        var attempts = new int[count];
        var digests = new byte[count][];
        var previousHashes = new byte[count][];
        var hashes = new byte[count][];
        for (var i = 0; i < count; i++)
        {
            var e = _pending[i];
            sequence++;
            var hash = AuditChain.Hash(previous, sequence, e.At, e.MessageId, e.Direction, e.Peer, e.State, e.Reason, e.Attempt, e.SealedSha256);
            sequences[i] = sequence;
            times[i] = e.At.ToUnixTimeMilliseconds();
            ids[i] = e.MessageId;
            directions[i] = StateNames.Name(e.Direction);
            peers[i] = e.Peer;
            states[i] = StateNames.Name(e.State);
            reasons[i] = (int)e.Reason;
            attempts[i] = e.Attempt;
            digests[i] = e.SealedSha256;
            previousHashes[i] = previous;
            hashes[i] = hash;
            previous = hash;
        }

        await using var insert = Command(InsertSql);
        insert.Parameters.Add(new NpgsqlParameter<long[]>("seq", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = sequences });
        insert.Parameters.Add(new NpgsqlParameter<long[]>("at", NpgsqlDbType.Array | NpgsqlDbType.Bigint) { TypedValue = times });
        insert.Parameters.Add(new NpgsqlParameter<string[]>("id", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = ids });
        insert.Parameters.Add(new NpgsqlParameter<string[]>("direction", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = directions });
        insert.Parameters.Add(new NpgsqlParameter<string[]>("peer", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = peers });
        insert.Parameters.Add(new NpgsqlParameter<string[]>("state", NpgsqlDbType.Array | NpgsqlDbType.Text) { TypedValue = states });
        insert.Parameters.Add(new NpgsqlParameter<int[]>("reason", NpgsqlDbType.Array | NpgsqlDbType.Integer) { TypedValue = reasons });
        insert.Parameters.Add(new NpgsqlParameter<int[]>("attempt", NpgsqlDbType.Array | NpgsqlDbType.Integer) { TypedValue = attempts });
        insert.Parameters.Add(new NpgsqlParameter<byte[][]>("sha", NpgsqlDbType.Array | NpgsqlDbType.Bytea) { TypedValue = digests });
        insert.Parameters.Add(new NpgsqlParameter<byte[][]>("prev", NpgsqlDbType.Array | NpgsqlDbType.Bytea) { TypedValue = previousHashes });
        insert.Parameters.Add(new NpgsqlParameter<byte[][]>("hash", NpgsqlDbType.Array | NpgsqlDbType.Bytea) { TypedValue = hashes });
        await insert.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
        _pending.Clear();
    }

    private sealed record Pending(DateTimeOffset At, string MessageId, AuditDirection Direction, string Peer, AuditState State, ReasonCode Reason, int Attempt, byte[] SealedSha256);
}
