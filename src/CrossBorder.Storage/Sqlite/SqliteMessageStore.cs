using System.Globalization;
using CrossBorder.Core.Storage;
using Microsoft.Data.Sqlite;

namespace CrossBorder.Storage.Sqlite;

/// <summary>
/// The SQLite implementation of <see cref="IMessageStore"/>: one database file in WAL mode, owned
/// by one gateway process. Writes are serialized in the process and run as <c>BEGIN IMMEDIATE</c>
/// transactions on one long-lived connection whose prepared statements are kept; writes that
/// arrive together are committed together (each in a savepoint of its own, so each still succeeds
/// or fails alone, and returns only once durable). Reads run concurrently on pooled connections.
/// The tables are described on the internal <c>SqliteSchema</c> class.
/// </summary>
/// <remarks>
/// The file holds sealed envelopes: on Unix it is created readable by its owner only (0600), and a
/// missing folder is created for the owner only (0700). Exception messages name ids and codes only.
/// </remarks>
public sealed partial class SqliteMessageStore : IMessageStore
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

    /// <summary>A store on the database file at <paramref name="databasePath"/>; call <see cref="InitializeAsync"/> before use.</summary>
    /// <param name="databasePath">The database file; it and its folder are created when missing.</param>
    /// <param name="options">Durability and lock waiting.</param>
    public SqliteMessageStore(string databasePath, SqliteStoreOptions options)
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
        _connectionPragmas = string.Create(
            CultureInfo.InvariantCulture,
            $"PRAGMA synchronous = {synchronous}; PRAGMA foreign_keys = ON; PRAGMA busy_timeout = {(int)options.BusyTimeout.TotalMilliseconds}; PRAGMA wal_autocheckpoint = {BackstopCheckpointPages};");
    }

    /// <summary>Creates a store on <paramref name="databasePath"/> and initializes it.</summary>
    /// <param name="databasePath">The database file; it and its folder are created when missing.</param>
    /// <param name="options">Durability and lock waiting; null for the defaults.</param>
    /// <param name="cancellationToken">Cancels the initialization.</param>
    public static async Task<SqliteMessageStore> OpenAsync(string databasePath, SqliteStoreOptions? options, CancellationToken cancellationToken)
    {
        var store = new SqliteMessageStore(databasePath, options ?? new SqliteStoreOptions());
        try
        {
            await store.InitializeAsync(cancellationToken).ConfigureAwait(false);
            return store;
        }
        catch
        {
            await store.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <summary>The schema version this store reads and writes (<c>PRAGMA user_version</c>).</summary>
    public static int SchemaVersion => SqliteSchema.Version;

    /// <inheritdoc />
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

    private static void Upgrade(SqliteConnection connection)
    {
        using var transaction = connection.BeginTransaction(deferred: false);
        using var command = connection.CreateCommand();
        command.Transaction = transaction;
        command.CommandText = "PRAGMA user_version;";
        var version = Convert.ToInt32(command.ExecuteScalar(), CultureInfo.InvariantCulture);
        if (version > SqliteSchema.Version)
        {
            throw new InvalidOperationException(string.Create(
                CultureInfo.InvariantCulture,
                $"the message database has schema version {version}; this gateway knows up to {SqliteSchema.Version}"));
        }

        if (version == SqliteSchema.Version)
        {
            return;
        }

        for (var step = version; step < SqliteSchema.Version; step++)
        {
            command.CommandText = SqliteSchema.Steps[step];
            command.ExecuteNonQuery();
        }

        command.CommandText = string.Create(CultureInfo.InvariantCulture, $"PRAGMA user_version = {SqliteSchema.Version};");
        command.ExecuteNonQuery();
        transaction.Commit();
    }

    private void PrepareFile()
    {
        var folder = Path.GetDirectoryName(_databasePath);
        if (!string.IsNullOrEmpty(folder))
        {
            PrivateFolder.Create(folder);
        }

        if (OperatingSystem.IsWindows())
        {
            return;
        }

        // Created with mode 0600 before SQLite opens it; SQLite gives its -wal and -shm files the same mode.
        if (!File.Exists(_databasePath))
        {
            try
            {
                using var created = new FileStream(_databasePath, new FileStreamOptions
                {
                    Mode = FileMode.CreateNew,
                    Access = FileAccess.Write,
                    UnixCreateMode = OwnerOnly,
                });
            }
            catch (IOException) when (File.Exists(_databasePath))
            {
                // Created in between: its mode is checked below.
            }
        }

        if ((File.GetUnixFileMode(_databasePath) & GroupOrOther) != 0)
        {
            File.SetUnixFileMode(_databasePath, OwnerOnly);
        }
    }

    private void SetConnectionPragmas(SqliteConnection connection)
    {
        using var command = connection.CreateCommand();
        command.CommandText = _connectionPragmas;
        command.ExecuteNonQuery();
    }

    /// <summary>A pooled read-only connection.</summary>
    private async Task<SqliteConnection> OpenReaderAsync(CancellationToken cancellationToken)
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

    private static InvalidOperationException NotInitialized() => new("the message store is not initialized");
}
