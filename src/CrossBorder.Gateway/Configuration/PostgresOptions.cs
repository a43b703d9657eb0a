namespace CrossBorder.Gateway.Configuration;

/// <summary>The names of the stores a gateway can keep its messages in (<see cref="GatewayOptions.Store"/>).</summary>
public static class StoreKinds
{
    /// <summary>One SQLite file owned by one gateway process: the default.</summary>
    public const string Sqlite = "Sqlite";

    /// <summary>One PostgreSQL database shared by the replicas of a participant.</summary>
    public const string Postgres = "Postgres";
}

/// <summary>
/// The PostgreSQL database of a gateway whose <see cref="GatewayOptions.Store"/> is <c>Postgres</c>.
/// The connection string comes from exactly one place: <see cref="ConnectionString"/> (the config
/// file, or the environment variable <c>CrossBorder__Gateway__Postgres__ConnectionString</c>), or
/// <see cref="ConnectionStringFile"/>. A password can also stay out of both, in a PostgreSQL
/// password file (<c>Passfile=</c> in the connection string). The password is never logged nor put
/// in an error.
/// </summary>
public sealed class PostgresOptions
{
    /// <summary>The Npgsql connection string, e.g. <c>Host=db1,db2;Database=crossborder;Username=gateway;Target Session Attributes=primary</c>.</summary>
    public string ConnectionString { get; set; } = "";

    /// <summary>A file holding the connection string (relative to the config file; keep it owner-only).</summary>
    public string ConnectionStringFile { get; set; } = "";

    /// <summary>This process's name among the participant's replicas: stable across its restarts, different from its siblings'. Empty: the machine name.</summary>
    public string Replica { get; set; } = "";

    /// <summary>Upgrade the schema at start (true), or refuse to start on an older schema until <c>crossborder store migrate</c> has run (false).</summary>
    public bool MigrateAtStart { get; set; } = true;

    /// <summary>The most connections this process opens to the database.</summary>
    public int MaxConnections { get; set; } = 32;
}
