using CrossBorder.Contracts.V1;
using CrossBorder.Core.Delivery.States;
using CrossBorder.Core.Storage;
using Microsoft.Data.Sqlite;

namespace CrossBorder.Storage.Sqlite;

/// <summary>
/// The unit of work of the store's writes: "a state change and its audit entry commit together".
/// A write that changes a state writes its row, then calls one of the methods here, which checks
/// the move against <see cref="OutboxTransitions"/> or <see cref="InboxTransitions"/> and appends
/// the audit entry chained to the last one, in the same transaction. This is the only way an audit
/// entry is appended. A move not in the table throws, and the group commit rolls the whole write
/// back to its savepoint, so neither the row nor an entry of it is ever committed.
/// </summary>
/// <remarks>
/// <see cref="SqliteDatabase.WriteAsync"/> opens one for each group of writes committed together;
/// each write runs in a savepoint of its own, synchronously on the thread that holds the write
/// lock, and must only use this object.
/// </remarks>
internal sealed class SqliteUnitOfWork(Dictionary<string, SqliteCommand> commands, SqliteConnection connection, SqliteTransaction transaction)
{
    private const string AuditTailSql = "SELECT seq, hash FROM audit ORDER BY seq DESC LIMIT 1;";

    private const string AuditInsertSql = """
        INSERT INTO audit (seq, at, message_id, direction, peer, state, reason, attempt, sealed_sha256, prev_hash, hash)
        VALUES ($seq, $at, $id, $direction, $peer, $state, $reason, $attempt, $sha, $prev, $hash);
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

    /// <summary>A message entered the outbox (<see cref="OutboxTransitions.Entry"/>): audit SUBMITTED, then QUEUED.</summary>
    public void OutboxEntered(DateTimeOffset at, string messageId, string recipient, byte[] sealedSha256)
    {
        OutboxTransitions.Require(null, OutboxTransitions.Entry);
        Append(at, messageId, AuditDirection.Out, recipient, AuditState.Submitted, ReasonCode.Unspecified, 0, sealedSha256);
        Append(at, messageId, AuditDirection.Out, recipient, AuditStates.Of(OutboxTransitions.Entry), ReasonCode.Unspecified, 0, sealedSha256);
    }

    /// <summary>An outbox message moved from <paramref name="from"/> to <paramref name="to"/>: checked, then audited.</summary>
    /// <exception cref="InvalidOperationException">The move is not in <see cref="OutboxTransitions"/>.</exception>
    public void OutboxChanged(OutboxState from, OutboxState to, DateTimeOffset at, string messageId, string recipient, ReasonCode reason, int attempt, byte[] sealedSha256)
    {
        OutboxTransitions.Require(from, to);
        Append(at, messageId, AuditDirection.Out, recipient, AuditStates.Of(to), reason, attempt, sealedSha256);
    }

    /// <summary>A message entered the inbox (<see cref="InboxTransitions.Entry"/>): audit RECEIVED.</summary>
    public void InboxEntered(DateTimeOffset at, string messageId, string sender, byte[] sealedSha256)
    {
        InboxTransitions.Require(null, InboxTransitions.Entry);
        Append(at, messageId, AuditDirection.In, sender, AuditStates.Of(InboxTransitions.Entry), ReasonCode.Unspecified, 0, sealedSha256);
    }

    /// <summary>An inbox message moved from <paramref name="from"/> to <paramref name="to"/>: checked, then audited.</summary>
    /// <exception cref="InvalidOperationException">The move is not in <see cref="InboxTransitions"/>.</exception>
    public void InboxChanged(InboxState from, InboxState to, DateTimeOffset at, string messageId, string sender, ReasonCode reason, byte[] sealedSha256)
    {
        InboxTransitions.Require(from, to);
        Append(at, messageId, AuditDirection.In, sender, AuditStates.Of(to), reason, 0, sealedSha256);
    }

    /// <summary>An inbound message was refused and reached no box: audit REJECTED (direction IN) with its code.</summary>
    public void InboundRefused(DateTimeOffset at, string messageId, string sender, ReasonCode reason, byte[] sealedSha256) =>
        Append(at, messageId, AuditDirection.In, sender, AuditState.Rejected, reason, 0, sealedSha256);

    /// <summary>Refusals of one peer counted in a window: audit REFUSALS, no message id, the count as the attempt.</summary>
    public void RefusalsCounted(DateTimeOffset windowEnd, string peer, ReasonCode reason, int count) =>
        Append(windowEnd, "", AuditDirection.In, peer, AuditState.Refusals, reason, count, []);

    private void Append(DateTimeOffset at, string messageId, AuditDirection direction, string peer, AuditState state, ReasonCode reason, int attempt, byte[] sealedSha256)
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
            .With("$seq", sequence)
            .With("$at", at.ToUnixTimeMilliseconds())
            .With("$id", messageId)
            .With("$direction", StateNames.Name(direction))
            .With("$peer", peer)
            .With("$state", StateNames.Name(state))
            .With("$reason", (long)reason)
            .With("$attempt", attempt)
            .With("$sha", sealedSha256)
            .With("$prev", _lastHash)
            .With("$hash", hash)
            .ExecuteNonQuery();
        _lastSequence = sequence;
        _lastHash = hash;
    }
}
