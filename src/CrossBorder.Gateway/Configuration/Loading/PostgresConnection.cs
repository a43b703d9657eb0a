using CrossBorder.Storage.Postgres;
using Npgsql;

namespace CrossBorder.Gateway.Configuration.Loading;

/// <summary>
/// The PostgreSQL store's settings, when <see cref="GatewayOptions.Store"/> says Postgres: the
/// connection string from the config (or the environment) or from its file, checked to name a host
/// and a database. Problems name the setting and the file, never the connection string's text.
/// </summary>
internal static class PostgresConnection
{
    private const int MaxReplicaName = 64;

    /// <summary>The store's options; null for a SQLite store, or when there is a problem (reported).</summary>
    public static PostgresStoreOptions? Load(GatewayOptions options, ConfigFileReader files)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(files);
        if (!string.Equals(options.Store, StoreKinds.Postgres, StringComparison.OrdinalIgnoreCase))
        {
            return null;
        }

        var p = options.Postgres;
        var inline = !string.IsNullOrWhiteSpace(p.ConnectionString);
        var inFile = !string.IsNullOrWhiteSpace(p.ConnectionStringFile);
        const string Inline = $"{nameof(GatewayOptions.Postgres)}.{nameof(PostgresOptions.ConnectionString)}";
        const string File = $"{nameof(GatewayOptions.Postgres)}.{nameof(PostgresOptions.ConnectionStringFile)}";
        if (inline == inFile)
        {
            files.Problems.Add($"{Inline} or {File} is required when {nameof(GatewayOptions.Store)} is {StoreKinds.Postgres}, not both");
            return null;
        }

        string? text = p.ConnectionString;
        var source = Inline;
        if (inFile)
        {
            source = File;
            var path = files.ExistingFile(p.ConnectionStringFile, File);
            if (path is null)
            {
                return null;
            }

            try
            {
                text = System.IO.File.ReadAllText(path).Trim();
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                files.Problems.Add($"{File}: {path} cannot be read ({ex.GetType().Name})");
                return null;
            }
        }

        NpgsqlConnectionStringBuilder builder;
        try
        {
            builder = new NpgsqlConnectionStringBuilder(text);
        }
        catch (Exception ex) when (ex is ArgumentException or FormatException)
        {
            // The parser's own message may quote the text, password included.
            files.Problems.Add($"{source}: not a valid PostgreSQL connection string (check its keys and quoting)");
            return null;
        }

        if (string.IsNullOrWhiteSpace(builder.Host) || string.IsNullOrWhiteSpace(builder.Database))
        {
            files.Problems.Add($"{source}: the connection string must name a Host and a Database");
            return null;
        }

        var replica = string.IsNullOrWhiteSpace(p.Replica) ? Environment.MachineName : p.Replica.Trim();
        if (replica.Length > MaxReplicaName || replica.Any(char.IsControl))
        {
            files.Problems.Add($"{nameof(GatewayOptions.Postgres)}.{nameof(PostgresOptions.Replica)}: at most {MaxReplicaName} printable characters");
            return null;
        }

        if (p.MaxConnections is < 4 or > 1000)
        {
            files.Problems.Add($"{nameof(GatewayOptions.Postgres)}.{nameof(PostgresOptions.MaxConnections)} must be between 4 and 1000");
            return null;
        }

        return new PostgresStoreOptions
        {
            ConnectionString = builder.ConnectionString,
            Replica = replica,
            MigrateAtStart = p.MigrateAtStart,
            MaxConnections = p.MaxConnections,
        };
    }
}
