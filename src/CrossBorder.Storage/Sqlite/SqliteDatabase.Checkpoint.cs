using Microsoft.Data.Sqlite;

namespace CrossBorder.Storage.Sqlite;

// Checkpoints: SQLite copies the write-ahead log back into the database file at a checkpoint. Left
// to itself it does so inside the commit that crosses its threshold, so that one commit, and every
// write queued behind the write lock, waits for a thousand pages to be copied and the database
// file to be synced: the store's worst latencies. Here a connection of its own checkpoints in the
// background (PASSIVE: it never blocks the writer or a reader) after every CheckpointEveryCommits
// commits. Under steady load a background checkpoint never catches up with the newest frames, so
// the log cannot start over; the writer's own automatic checkpoint therefore stays, at four times
// SQLite's usual log size, and when it runs it finds nearly every page copied already: a short
// stall every 16 MB of log instead of a long one every 4 MB, and a log file that stays bounded.
// Durability does not depend on checkpoints: a commit is durable in the log.
internal sealed partial class SqliteDatabase
{
    /// <summary>Group commits between two background checkpoints.</summary>
    internal const int CheckpointEveryCommits = 64;

    /// <summary>The log size (pages) at which the writer checkpoints the rest itself, so that the log starts over.</summary>
    private const int BackstopCheckpointPages = 4_000;

    private readonly SemaphoreSlim _checkpointDue = new(0, 1);
    private readonly CancellationTokenSource _stopCheckpoints = new();
    private SqliteConnection? _checkpointer;
    private Task? _checkpoints;
    private int _commitsSinceCheckpoint;
    private long _checkpointsRun;

    /// <summary>Background checkpoints run so far.</summary>
    internal long CheckpointsRun => Interlocked.Read(ref _checkpointsRun);

    /// <summary>Opens the checkpointer's connection and starts it. Under the write lock, at initialization.</summary>
    private void StartCheckpoints()
    {
        var connection = new SqliteConnection(_connectionString);
        try
        {
            connection.Open();
            SetConnectionPragmas(connection);
        }
        catch
        {
            connection.Dispose();
            throw;
        }

        _checkpointer = connection;
        _checkpoints = Task.Run(() => CheckpointLoopAsync(connection, _stopCheckpoints.Token), CancellationToken.None);
    }

    /// <summary>
    /// Counts a group commit; every <see cref="CheckpointEveryCommits"/> commits the checkpointer is
    /// woken. Under the write lock, so this is the only place that releases the signal.
    /// </summary>
    private void Committed()
    {
        if (Interlocked.Increment(ref _commitsSinceCheckpoint) >= CheckpointEveryCommits && _checkpointDue.CurrentCount == 0)
        {
            _checkpointDue.Release();
        }
    }

    private async Task CheckpointLoopAsync(SqliteConnection connection, CancellationToken stop)
    {
        using var checkpoint = connection.CreateCommand();
        checkpoint.CommandText = "PRAGMA wal_checkpoint(PASSIVE);";
        while (!stop.IsCancellationRequested)
        {
            try
            {
                await _checkpointDue.WaitAsync(stop).ConfigureAwait(false);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            Interlocked.Exchange(ref _commitsSinceCheckpoint, 0);
            try
            {
                checkpoint.ExecuteNonQuery();
                Interlocked.Increment(ref _checkpointsRun);
            }
            catch (Exception failure) when (failure is not OperationCanceledException)
            {
                // Busy or failed: the next one (or the writer's own checkpoint) copies what this one
                // did not. Durability does not depend on it, and the loop must outlive any failure.
            }
        }
    }

    /// <summary>Stops the checkpointer and closes its connection. Under the write lock, at disposal.</summary>
    private async Task StopCheckpointsAsync()
    {
        await _stopCheckpoints.CancelAsync().ConfigureAwait(false);
        if (_checkpoints is { } running)
        {
            // The loop ends at cancellation and catches its failures, so this returns once a checkpoint under way is done.
            await running.ConfigureAwait(false);
        }

        _checkpointer?.Dispose();
        _checkpointer = null;
        _checkpoints = null;
        _stopCheckpoints.Dispose();
        _checkpointDue.Dispose();
    }
}
