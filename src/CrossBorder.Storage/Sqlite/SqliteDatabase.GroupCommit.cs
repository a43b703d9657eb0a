using System.Collections.Concurrent;

namespace CrossBorder.Storage.Sqlite;

// Writes: one writer connection, serialized by the write lock, with group commit. A write is
// queued and then whoever holds the lock runs the queued writes (up to MaxGroup) in one
// BEGIN IMMEDIATE transaction, each inside a savepoint of its own, and commits once: concurrent
// callers share one flush to disk. A write whose work throws is rolled back to its savepoint and
// fails alone; a failed commit fails them all. Each caller's task completes only after the
// commit, so every method still behaves as one transaction: when it returns, what it wrote is
// durable; when it throws, nothing of it is.
internal sealed partial class SqliteDatabase
{
    /// <summary>The most writes committed together, to keep each transaction short.</summary>
    private const int MaxGroup = 64;

    private const string SavepointSql = "SAVEPOINT write;";
    private const string ReleaseSql = "RELEASE write;";
    private const string RollbackToSql = "ROLLBACK TO write;";

    private readonly ConcurrentQueue<WriteRequest> _pending = new();

    /// <summary>Writes queued and not yet taken into a group.</summary>
    internal int PendingWrites => _pending.Count;

    /// <summary>Runs <paramref name="work"/> as one write in its own unit of work; see the remarks of this part.</summary>
    /// <remarks>
    /// <paramref name="work"/> runs synchronously on the thread that holds the lock, so it must
    /// only use the unit of work given to it. A cancellation is honoured until the write is taken into a
    /// group; from then on it runs to its end, so that a thrown cancellation means nothing was written.
    /// </remarks>
    public async Task<TResult> WriteAsync<TState, TResult>(TState state, Func<SqliteUnitOfWork, TState, TResult> work, CancellationToken cancellationToken)
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
            var unit = new SqliteUnitOfWork(_writerCommands, _writer, transaction);
            for (; next < group.Count; next++)
            {
                var request = group[next];
                var tail = unit.Tail;
                unit.Command(SavepointSql).ExecuteNonQuery();
                try
                {
                    request.Run(unit);
                }
                catch (Exception failure)
                {
                    // Its own failure: undo its part only. When even that fails, the transaction is lost (below).
                    unit.Command(RollbackToSql).ExecuteNonQuery();
                    unit.Command(ReleaseSql).ExecuteNonQuery();
                    unit.Tail = tail;
                    request.Fail(failure);
                    continue;
                }

                unit.Command(ReleaseSql).ExecuteNonQuery();
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
        public abstract void Run(SqliteUnitOfWork unit);

        public abstract void Succeed();

        public abstract void Fail(Exception failure);

        public abstract void Cancel();
    }

    private sealed class WriteRequest<TState, TResult>(TState state, Func<SqliteUnitOfWork, TState, TResult> work, CancellationToken cancellationToken)
        : WriteRequest(cancellationToken)
    {
        private readonly TaskCompletionSource<TResult> _completion = new(TaskCreationOptions.RunContinuationsAsynchronously);
        private TResult? _result;

        public Task<TResult> Completion => _completion.Task;

        public override void Run(SqliteUnitOfWork unit) => _result = work(unit, state);

        public override void Succeed() => _completion.TrySetResult(_result!);

        public override void Fail(Exception failure) => _completion.TrySetException(failure);

        public override void Cancel() => _completion.TrySetCanceled(CancellationToken);
    }
}
