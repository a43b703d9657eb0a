namespace CrossBorder.Storage.Postgres;

/// <summary>Settings of <see cref="PostgresMessageStore"/>.</summary>
public sealed class PostgresStoreOptions
{
    /// <summary>
    /// The Npgsql connection string (host, port, database, user, password, TLS). Its password is
    /// never logged nor put in an error: the store keeps the text only to open its connections.
    /// </summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>
    /// The name of this gateway process among the replicas of one participant (stable across its
    /// restarts, different from its siblings'). The leases it takes are marked with it, so that at a
    /// restart it ends its own leases at once and leaves those of running siblings alone.
    /// </summary>
    public string Replica { get; set; } = Environment.MachineName;

    /// <summary>Whether <see cref="PostgresMessageStore.InitializeAsync"/> upgrades the schema; when false, a schema behind this code stops the start with a clear error.</summary>
    public bool MigrateAtStart { get; set; } = true;

    /// <summary>How long opening a connection may take before the store reports itself unavailable.</summary>
    public TimeSpan ConnectTimeout { get; set; } = TimeSpan.FromSeconds(5);

    /// <summary>How long one statement may run.</summary>
    public TimeSpan CommandTimeout { get; set; } = TimeSpan.FromSeconds(30);

    /// <summary>The most connections this process opens (writers, readers and the listener).</summary>
    public int MaxConnections { get; set; } = 32;
}
