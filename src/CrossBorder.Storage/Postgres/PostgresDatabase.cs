using System.Data;
using System.Globalization;
using Npgsql;

namespace CrossBorder.Storage.Postgres;

/// <summary>
/// One PostgreSQL database shared by the replicas of one participant: its schema, its pooled
/// connections and its writes. Each write is one READ COMMITTED transaction on a connection of its
/// own (<see cref="WriteAsync"/>); the rows it changes are locked by the statements that change
/// them, and its audit entries are appended last, under a transaction-scoped advisory lock that
/// orders the chain across processes (<see cref="PostgresUnitOfWork"/>). Reads use pooled
/// connections too (<see cref="OpenReaderAsync"/>).
/// </summary>
/// <remarks>
/// The connection string is kept only inside the Npgsql data source: nothing here puts it, or its
/// password, in a message. Exception messages name ids, codes and schema versions only.
/// </remarks>
internal sealed class PostgresDatabase : IAsyncDisposable
{
    /// <summary>How often a write is run again after PostgreSQL chose it as a deadlock victim or refused it for a serialization conflict.</summary>
    private const int MaxWriteRuns = 5;

    private readonly NpgsqlDataSource _dataSource;
    private readonly PostgresStoreOptions _options;
    private volatile bool _initialized;
    private volatile bool _disposed;

    public PostgresDatabase(PostgresStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentException.ThrowIfNullOrWhiteSpace(options.Replica);
        ArgumentOutOfRangeException.ThrowIfLessThan(options.MaxConnections, 4);
        _options = options;
        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(options.ConnectionString);
        }
        catch (ArgumentException)
        {
            // The parser's message can quote the text it failed on, password included.
            throw new ArgumentException("the PostgreSQL connection string could not be read: check its keys and quoting", nameof(options));
        }

        builder.PersistSecurityInfo = false;
        builder.IncludeErrorDetail = false;
        builder.LogParameters = false;
        builder.Timeout = Math.Max(1, (int)Math.Ceiling(options.ConnectTimeout.TotalSeconds));
        builder.CommandTimeout = Math.Max(1, (int)Math.Ceiling(options.CommandTimeout.TotalSeconds));
        builder.MaxPoolSize = options.MaxConnections;
        builder.ApplicationName ??= "crossborder " + options.Replica;
        _dataSource = new NpgsqlDataSourceBuilder(builder.ConnectionString).Build();
    }

    /// <summary>The replica this process is (<see cref="PostgresStoreOptions.Replica"/>).</summary>
    public string Replica => _options.Replica;

    /// <summary>The connections' source, for the listener.</summary>
    public NpgsqlDataSource DataSource => _dataSource;

    /// <summary>Reads the schema version and upgrades it when allowed (see <see cref="PostgresSchema"/>); the version found before.</summary>
    public async Task<int> InitializeAsync(bool migrate, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        await ExecuteAsync(connection, null, $"SELECT pg_advisory_lock({PostgresSchema.MigrationLock});", cancellationToken).ConfigureAwait(false);
        try
        {
            var (found, readableFrom) = await ReadVersionAsync(connection, cancellationToken).ConfigureAwait(false);
            if (readableFrom > PostgresSchema.Version)
            {
                throw new StoreSchemaException(string.Create(CultureInfo.InvariantCulture,
                    $"the database schema is version {found}, which needs a gateway of schema version {readableFrom} or later; this gateway has {PostgresSchema.Version}: upgrade the gateway"));
            }

            if (found < PostgresSchema.Version && !migrate)
            {
                throw new StoreSchemaException(string.Create(CultureInfo.InvariantCulture,
                    $"the database schema is version {found}, older than this gateway's {PostgresSchema.Version}: run 'crossborder store migrate' first"));
            }

            for (var version = found + 1; version <= PostgresSchema.Version; version++)
            {
                await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken).ConfigureAwait(false);
                await ExecuteAsync(connection, transaction, PostgresSchema.Steps[version - 1], cancellationToken).ConfigureAwait(false);
                await using (var write = new NpgsqlCommand(PostgresSchema.WriteVersion, connection, transaction))
                {
                    write.Parameters.AddWithValue("version", version);
                    write.Parameters.AddWithValue("readable", PostgresSchema.ReadableFrom);
                    await write.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
                }

                await transaction.CommitAsync(cancellationToken).ConfigureAwait(false);
            }

            _initialized = true;
            return found;
        }
        finally
        {
            await ExecuteAsync(connection, null, $"SELECT pg_advisory_unlock({PostgresSchema.MigrationLock});", CancellationToken.None).ConfigureAwait(false);
        }
    }

    /// <summary>The schema version of the database, 0 when it has none yet.</summary>
    public async Task<int> SchemaVersionAsync(CancellationToken cancellationToken)
    {
        await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
        return (await ReadVersionAsync(connection, cancellationToken).ConfigureAwait(false)).Version;
    }

    private static async Task<(int Version, int ReadableFrom)> ReadVersionAsync(NpgsqlConnection connection, CancellationToken cancellationToken)
    {
        await ExecuteAsync(connection, null, PostgresSchema.CreateVersionTable, cancellationToken).ConfigureAwait(false);
        await using var command = new NpgsqlCommand(PostgresSchema.ReadVersion, connection);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? (reader.GetInt32(0), reader.GetInt32(1)) : (0, 0);
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, NpgsqlTransaction? transaction, string sql, CancellationToken cancellationToken)
    {
        await using var command = new NpgsqlCommand(sql, connection, transaction);
        await command.ExecuteNonQueryAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Runs <paramref name="work"/> as one transaction with its audit entries, and commits. When it
    /// returns, what it wrote is durable; when it throws, nothing of it is. A write PostgreSQL rolled
    /// back as a deadlock victim or for a serialization conflict runs again, from the start.
    /// </summary>
    /// <remarks>
    /// A commit whose answer is lost with the connection throws although the transaction may have
    /// committed; callers answer UNAVAILABLE, and the client's retry is answered from what was stored
    /// (submission keys, the inbox's unique (sender, message id)).
    /// </remarks>
    public async Task<TResult> WriteAsync<TState, TResult>(TState state, Func<PostgresUnitOfWork, TState, CancellationToken, Task<TResult>> work, CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_initialized)
        {
            throw NotInitialized();
        }

        for (var run = 1; ; run++)
        {
            await using var connection = await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
            await using var transaction = await connection.BeginTransactionAsync(IsolationLevel.ReadCommitted, cancellationToken).ConfigureAwait(false);
            try
            {
                var unit = new PostgresUnitOfWork(connection, transaction);
                var result = await work(unit, state, cancellationToken).ConfigureAwait(false);
                await unit.AppendAuditAsync(cancellationToken).ConfigureAwait(false);

                // From here the write completes whatever the caller's token says: a commit cut halfway leaves no way to tell what was written.
                await transaction.CommitAsync(CancellationToken.None).ConfigureAwait(false);
                return result;
            }
            catch (PostgresException ex) when (ex.SqlState is PostgresErrorCodes.DeadlockDetected or PostgresErrorCodes.SerializationFailure && run < MaxWriteRuns)
            {
                // Rolled back by the server; the transaction is disposed (rolled back here too) and the write runs again.
            }
        }
    }

    /// <summary>A pooled connection for reads.</summary>
    public async Task<NpgsqlConnection> OpenReaderAsync(CancellationToken cancellationToken)
    {
        ObjectDisposedException.ThrowIf(_disposed, this);
        if (!_initialized)
        {
            throw NotInitialized();
        }

        return await _dataSource.OpenConnectionAsync(cancellationToken).ConfigureAwait(false);
    }

    public async ValueTask DisposeAsync()
    {
        if (_disposed)
        {
            return;
        }

        _disposed = true;
        await _dataSource.DisposeAsync().ConfigureAwait(false);
    }

    internal static InvalidOperationException NotInitialized() => new("the message store is not initialized");
}
