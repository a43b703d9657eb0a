using System.Data.Common;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Delivery.States;
using CrossBorder.Core.Storage;
using Microsoft.Data.Sqlite;

namespace CrossBorder.Storage.Sqlite;

/// <summary>
/// The SQLite unit of work (<see cref="StoreUnitOfWork"/>): each audit entry is chained to the last
/// one and inserted at once, in the transaction of the write. A move not in the table throws, and
/// the group commit rolls the whole write back to its savepoint, so neither the row nor an entry of
/// it is ever committed.
/// </summary>
/// <remarks>
/// <see cref="SqliteDatabase.WriteAsync"/> opens one for each group of writes committed together;
/// each write runs in a savepoint of its own, synchronously on the thread that holds the write
/// lock, and must only use this object.
/// </remarks>
internal sealed class SqliteUnitOfWork(Dictionary<string, SqliteCommand> commands, SqliteConnection connection, SqliteTransaction transaction) : StoreUnitOfWork
{
    private const string AuditTailSql = "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1;";

    private const string AuditInsertSql = """
        INSERT INTO audit (seq, at, message_id, direction, peer, state, reason, attempt, sealed_sha256, prev_hash, hash)
        VALUES (@seq, @at, @id, @direction, @peer, @state, @reason, @attempt, @sha, @prev, @hash);
        """;

    private long _lastSequence = -1;
    private byte[] _lastHash = [];

    /// <summary>The chain's tail as this transaction sees it, restored when a write is rolled back to its savepoint.</summary>
    public (long Sequence, byte[] Hash) Tail
    {
        get => (_lastSequence, _lastHash);
        set => (_lastSequence, _lastHash) = value;
    }

    /// <summary>The writer's cached command for <paramref name="sql"/>, in this transaction, without parameters.</summary>
    public SqliteCommand Command(string sql)
    {
        if (!commands.TryGetValue(sql, out var command))
        {
            command = connection.CreateCommand();
            command.CommandText = sql;
            commands.Add(sql, command);
        }

        command.Transaction = transaction;
        command.Parameters.Clear();
        return command;
    }

    /// <inheritdoc />
    /// <remarks>SQLite runs it at once, on the writer's thread: the task is complete when it returns.</remarks>
    public override Task<int> ExecuteAsync(string sql, Action<DbCommand> parameters, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        var command = Command(sql);
        parameters(command);
        return Task.FromResult(command.ExecuteNonQuery());
    }

    /// <inheritdoc />
    public override Task<List<T>> QueryAsync<T>(string sql, Action<DbCommand> parameters, Func<DbDataReader, T> row, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(parameters);
        ArgumentNullException.ThrowIfNull(row);
        var command = Command(sql);
        parameters(command);
        var rows = new List<T>();
        using var reader = command.ExecuteReader();
        while (reader.Read())
        {
            rows.Add(row(reader));
        }

        return Task.FromResult(rows);
    }

    /// <inheritdoc />
    protected override void Append(DateTimeOffset at, string messageId, AuditDirection direction, string peer, AuditState state, ReasonCode reason, int attempt, byte[] sealedSha256)
    {
        if (_lastSequence < 0)
        {
            using var tail = Command(AuditTailSql).ExecuteReader();
            if (tail.Read())
            {
                _lastSequence = tail.GetInt64(0);
                _lastHash = tail.GetFieldValue<byte[]>(1);
            }
            else
            {
                _lastSequence = 0;
                _lastHash = AuditChain.Genesis.ToArray();
            }
        }

        var sequence = _lastSequence + 1;
        var hash = AuditChain.Hash(_lastHash, sequence, at, messageId, direction, peer, state, reason, attempt, sealedSha256);
        Command(AuditInsertSql)
            .With("@seq", sequence)
            .With("@at", at.ToUnixTimeMilliseconds())
            .With("@id", messageId)
            .With("@direction", StateNames.Name(direction))
            .With("@peer", peer)
            .With("@state", StateNames.Name(state))
            .With("@reason", (long)reason)
            .With("@attempt", attempt)
            .With("@sha", sealedSha256)
            .With("@prev", _lastHash)
            .With("@hash", hash)
            .ExecuteNonQuery();
        _lastSequence = sequence;
        _lastHash = hash;
    }
}
