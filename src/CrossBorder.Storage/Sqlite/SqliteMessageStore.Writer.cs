using System.Collections.Concurrent;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Storage;
using Microsoft.Data.Sqlite;

namespace CrossBorder.Storage.Sqlite;

// Writes: one writer connection, serialized by the write lock, with group commit. A write is
// queued and then whoever holds the lock runs the queued writes (up to MaxGroup) in one
// BEGIN IMMEDIATE transaction, each inside a savepoint of its own, and commits once: concurrent
// callers share one flush to disk. A write whose work throws is rolled back to its savepoint and
// fails alone; a failed commit fails them all. Each caller's task completes only after the
// commit, so every method still behaves as one transaction: when it returns, what it wrote is
// durable; when it throws, nothing of it is.
public sealed partial class SqliteMessageStore
{
    /// <summary>The most writes committed together, to keep each transaction short.</summary>
    private const int MaxGroup = 64;

    private const string SavepointSql = "SAVEPOINT write;";
    private const string ReleaseSql = "RELEASE write;";
    private const string RollbackToSql = "ROLLBACK TO write;";

    private readonly ConcurrentQueue<WriteRequest> _pending = new();

    /// <summary>Writes queued and not yet taken into a group.</summary>
    internal int PendingWrites => _pending.Count;

    /// <summary>Runs <paramref name="work"/> as one write; see the remarks of this part.</summary>
    /// <remarks>
    /// <paramref name="work"/> runs synchronously on the thread that holds the lock, so it must
    /// only use the scope given to it. A cancellation is honoured until the write is taken into a
    /// group; from then on it runs to its end, so that a thrown cancellation means nothing was written.
    /// </remarks>
    internal async Task<TResult> WriteAsync<TState, TResult>(TState state, Func<WriteScope, TState, TResult> work, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        cancellationToken.ThrowIfCancellationRequested();
        var request = new WriteRequest<TState, TResult>(state, work, cancellationToken);
        _pending.Enqueue(request);
        await _writeLock.WaitAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            // Another holder of the lock may have run it already, in its group.
            while (!request.Completion.IsCompleted)
            {
                RunGroup();
            }
        }
        finally
        {
            _writeLock.Release();
        }

        return await request.Completion.ConfigureAwait(false);
    }

    /// <summary>Takes up to <see cref="MaxGroup"/> queued writes and commits them together. Under the write lock.</summary>
    private void RunGroup()
    {
        var group = new List<WriteRequest>();
        while (group.Count < MaxGroup && _pending.TryDequeue(out var queued))
        {
            if (queued.CancellationToken.IsCancellationRequested)
            {
                queued.Cancel();
            }
            else
            {
                group.Add(queued);
            }
        }

        if (group.Count == 0)
        {
            return;
        }

        if (_disposed || _writer is null)
        {
            Exception refusal = _disposed ? new ObjectDisposedException(nameof(SqliteMessageStore)) : NotInitialized();
            foreach (var request in group)
            {
                request.Fail(refusal);
            }

            return;
        }

        var done = new List<WriteRequest>(group.Count);
        var next = 0;
        try
        {
            using var transaction = _writer.BeginTransaction(deferred: false);
            var scope = new WriteScope(this, _writer, transaction);
            for (; next < group.Count; next++)
            {
                var request = group[next];
                var tail = scope.Tail;
                scope.Command(SavepointSql).ExecuteNonQuery();
                try
                {
                    request.Run(scope);
                }
                catch (Exception failure)
                {
                    // Its own failure: undo its part only. When even that fails, the transaction is lost (below).
                    scope.Command(RollbackToSql).ExecuteNonQuery();
                    scope.Command(ReleaseSql).ExecuteNonQuery();
                    scope.Tail = tail;
                    request.Fail(failure);
                    continue;
                }

                scope.Command(ReleaseSql).ExecuteNonQuery();
                done.Add(request);
            }

            if (done.Count == 0)
            {
                transaction.Rollback();
                return;
            }

            transaction.Commit();
            Committed();
        }
        catch (Exception failure)
        {
            // Nothing of this group was committed: every write still open fails with the cause.
            foreach (var request in done)
            {
                request.Fail(failure);
            }

            for (; next < group.Count; next++)
            {
                group[next].Fail(failure);
            }

            return;
        }

        foreach (var request in done)
        {
            request.Succeed();
        }
    }

    /// <summary>A queued write.</summary>
    private abstract class WriteRequest(CancellationToken cancellationToken)
    {
        public CancellationToken CancellationToken { get; } = cancellationToken;

        /// <summary>Runs the work in the open transaction and keeps its result until the commit.</summary>
        public abstract void Run(WriteScope scope);

        public abstract void Succeed();

        public abstract void Fail(Exception failure);

        public abstract void Cancel();
    }

    private sealed class WriteRequest<TState, TResult>(TState state, Func<WriteScope, TState, TResult> work, CancellationToken cancellationToken)
        : WriteRequest(cancellationToken)
    {
        private readonly TaskCompletionSource<TResult> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private TResult? _result;

        public Task<TResult> Completion => _completion.Task;

        public override void Run(WriteScope scope) => _result = work(scope, state);

        public override void Succeed() => _completion.TrySetResult(_result!);

        public override void Fail(Exception failure) => _completion.TrySetException(failure);

        public override void Cancel() => _completion.TrySetCanceled(CancellationToken);
    }

    /// <summary>One write transaction: the writer's cached statements and the audit chain's tail.</summary>
    internal sealed class WriteScope(SqliteMessageStore store, SqliteConnection connection, SqliteTransaction transaction)
    {
        private long _lastSequence = -1;
        private byte[] _lastHash = [];

        /// <summary>The chain's tail as this transaction sees it, restored when a write is rolled back to its savepoint.</summary>
        public (long Sequence, byte[] Hash) Tail
        {
            get => (_lastSequence, _lastHash);
            set => (_lastSequence, _lastHash) = value;
        }

        /// <summary>The cached command for <paramref name="sql"/>, in this transaction, without parameters.</summary>
        public SqliteCommand Command(string sql)
        {
            if (!store._writerCommands.TryGetValue(sql, out var command))
            {
                command = connection.CreateCommand();
                command.CommandText = sql;
                store._writerCommands.Add(sql, command);
            }

            command.Transaction = transaction;
            command.Parameters.Clear();
            return command;
        }

        /// <summary>Appends an audit entry chained to the last one.</summary>
        public void Audit(DateTimeOffset at, string messageId, string direction, string peer, string state, ReasonCode reason, int attempt, byte[] sealedSha256)
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
                .With("$direction", direction)
                .With("$peer", peer)
                .With("$state", state)
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
}
