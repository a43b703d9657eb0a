using System.Globalization;
using Microsoft.Data.Sqlite;

namespace CrossBorder.Storage.Sqlite;

/// <summary>
/// One SQLite database file in WAL mode, owned by one gateway process: its schema, its connections
/// and its one writer. Writes are serialized in the process and run as <c>BEGIN IMMEDIATE</c>
/// transactions on one long-lived connection whose prepared statements are kept; writes that
/// arrive together are committed together (<see cref="WriteAsync"/>: each in a savepoint of its
/// own, so each still succeeds or fails alone, and returns only once durable). Reads run
/// concurrently on pooled read-only connections (<see cref="OpenReaderAsync"/>). The outbox, inbox
/// and audit trail stores share one instance. The tables are described on <see cref="SqliteSchema"/>.
/// </summary>
/// <remarks>
/// The file holds sealed envelopes: on Unix it is created readable by its owner only (0600), and a
/// missing folder is created for the owner only (0700). Exception messages name ids and codes only.
/// </remarks>
internal sealed partial class SqliteDatabase : IAsyncDisposable
{
    private const UnixFileMode OwnerOnly = UnixFileMode.UserRead | UnixFileMode.UserWrite;
    private const UnixFileMode GroupOrOther =
        UnixFileMode.GroupRead | UnixFileMode.GroupWrite | UnixFileMode.GroupExecute |
        UnixFileMode.OtherRead | UnixFileMode.OtherWrite | UnixFileMode.OtherExecute;

    private readonly string _databasePath;
    private readonly string _connectionString;
    private readonly string _readerConnectionString;
    private readonly string _connectionPragmas;
    private readonly SemaphoreSlim _writeLock = new(1, 1);

    // The writer's statements, prepared once and kept while the writer connection is open. Used under _writeLock only.
    private readonly Dictionary<string, SqliteCommand> _writerCommands = new(StringComparer.Ordinal);
    private SqliteConnection? _writer;
    private volatile bool _disposed;

    /// <summary>The database file at <paramref name="databasePath"/>; call <see cref="InitializeAsync"/> before use.</summary>
    /// <param name="databasePath">The database file; it and its folder are created when missing.</param>
    /// <param name="options">Durability and lock waiting.</param>
    public SqliteDatabase(string databasePath, SqliteStoreOptions options)
    {
        ArgumentException.ThrowIfNullOrWhiteSpace(databasePath);
        ArgumentNullException.ThrowIfNull(options);
        var synchronous = options.Synchronous?.Trim().ToUpperInvariant() switch
        {
            SqliteStoreOptions.SynchronousFull => SqliteStoreOptions.SynchronousFull,
            SqliteStoreOptions.SynchronousNormal => SqliteStoreOptions.SynchronousNormal,
            _ => throw new ArgumentException("Synchronous must be FULL or NORMAL.", nameof(options)),
        };
        if (options.BusyTimeout < TimeSpan.Zero || options.BusyTimeout.TotalMilliseconds > int.MaxValue)
        {
            throw new ArgumentOutOfRangeException(nameof(options), "BusyTimeout must be between zero and int.MaxValue milliseconds.");
        }

        _databasePath = Path.GetFullPath(databasePath);
        _connectionString = new SqliteConnectionStringBuilder
        {
            DataSource = _databasePath,
            Mode = SqliteOpenMode.ReadWriteCreate,
            Cache = SqliteCacheMode.Private,
            Pooling = true,
            // Microsoft.Data.Sqlite retries a busy statement until the command timeout (seconds).
            DefaultTimeout = Math.Max(1, (int)Math.Ceiling(options.BusyTimeout.TotalSeconds)),
        }.ToString();

        // Readers are pooled read-only connections: they cannot write, so they need none of the
        // writer's pragmas (lock waits are retried up to the default timeout of the connection).
        _readerConnectionString = new SqliteConnectionStringBuilder(_connectionString) { Mode = SqliteOpenMode.ReadOnly }.ToString();
        // secure_delete: purged, withdrawn and erased sealed bytes are overwritten with zeros in the
        // file, not left in its free pages for anyone with the file (and a key) to read back.
        _connectionPragmas = string.Create(
            CultureInfo.InvariantCulture,
            $"PRAGMA synchronous = {synchronous}; PRAGMA secure_delete = ON; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = {(int)options.BusyTimeout.TotalMilliseconds}; PRAGMA wal_autocheckpoint = {BackstopCheckpointPages};");
    }

    /// <summary>Creates or upgrades the schema, switches to WAL and opens the writer. Once; again changes nothing.</summary>
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await _writeLock.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            ObjectDisposedException.ThrowIf(_disposed, this);
            if (_writer is not null)
            {
                return;
            }

            PrepareFile();
            var connection = new SqliteConnection(_connectionString);
            try
            {
                connection.Open();
                using (var wal = connection.CreateCommand())
                {
                    wal.CommandText = "PRAGMA journal_mode = WAL;";
                    var mode = Convert.ToString(wal.ExecuteScalar(), CultureInfo.InvariantCulture);
                    if (!string.Equals(mode, "wal", StringComparison.OrdinalIgnoreCase))
                    {
                        throw new InvalidOperationException("the message database could not be switched to WAL journaling");
                    }
                }

                SetConnectionPragmas(connection);
                Upgrade(connection);
                StartCheckpoints();
                _writer = connection;
            }
            catch
            {
                connection.Dispose();
                throw;
            }
        }
        finally
        {
            _writeLock.Release();
        }
    }

    /// <summary>Closes the writer connection and the pooled connections of this database.</summary>
    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        await _writeLock.WaitAsync().ConfigureAwait(false);
        try
        {
            if (_disposed)
            {
                return;
            }

            _disposed = true;
            foreach (var command in _writerCommands.Values)
            {
                command.Dispose();
            }

            _writerCommands.Clear();
            try
            {
                await StopCheckpointsAsync().ConfigureAwait(false);
            }
            finally
            {
                // Readers first: the writer, closing last, checkpoints and removes the write-ahead
                // log (read-only connections cannot). A read still under way when the store is
                // disposed closes after the writer and leaves the log in place; it is replayed at
                // the next open, so nothing is lost.
                using var pooledReader = new SqliteConnection(_readerConnectionString);
                SqliteConnection.ClearPool(pooledReader);
                _writer?.Dispose();
                _writer = null;
                using var pooled = new SqliteConnection(_connectionString);
                SqliteConnection.ClearPool(pooled);
            }
        }
        finally
        {
            // Not disposed: a caller waiting for the lock gets it and then sees the store disposed.
            _writeLock.Release();
        }
    }

    private void SetConnectionPragmas(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = _connectionPragmas;
        command.ExecuteNonQuery();
    }

    /// <summary>A pooled read-only connection.</summary>
    public async Task<SqliteConnection> OpenReaderAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (_writer is null)
        {
            throw NotInitialized();
        }

        var connection = new SqliteConnection(_readerConnectionString);
        try
        {
            await connection.OpenAsync(cancellationToken).ConfigureAwait(false);

            // Disposed meanwhile: this connection must not outlive the store in a cleared pool.
            ObjectDisposedException.ThrowIf(_disposed, this);
            return connection;
        }
        catch
        {
            connection.Dispose();
            throw;
        }
    }

    internal static InvalidOperationException NotInitialized() => new("the message store is not initialized");
}
