using Npgsql;

namespace CrossBorder.Gateway.Tests.Replicas;

/// <summary>
/// Samples what must stay bounded during the soak: each replica's working set (VmRSS), each
/// database's size (pg_database_size) and the replicas' open connections (pg_stat_activity, the
/// sessions named "crossborder REPLICA" by the store: the soak's own checks are not the replicas').
/// It looks on the superuser's own database, so its connection is counted in neither.
/// </summary>
internal sealed class SoakSampler : IAsyncDisposable
{
    private const double MiB = 1024 * 1024;

    private readonly NpgsqlConnection _connection;
    private readonly IReadOnlyList<SoakReplica> _replicas;
    private readonly IReadOnlyDictionary<string, string> _databases;
    private readonly IReadOnlyDictionary<string, string> _stores;

    private SoakSampler(NpgsqlConnection connection, IReadOnlyList<SoakReplica> replicas, IReadOnlyDictionary<string, string> databases)
    {
        _connection = connection;
        _replicas = replicas;
        _stores = databases;
        _databases = databases.ToDictionary(d => d.Key, d => new NpgsqlConnectionStringBuilder(d.Value).Database!);
        WorkingSets = replicas.ToDictionary(r => r.Name, r => new SoakSeries($"working set {r.Name}", "MiB"));
        Sizes = databases.Keys.ToDictionary(p => p, p => new SoakSeries($"database size {p}", "MiB"));
        Connections = databases.Keys.ToDictionary(p => p, p => new SoakSeries($"connections {p}", "count"));
    }

    public IReadOnlyDictionary<string, SoakSeries> WorkingSets { get; }

    public IReadOnlyDictionary<string, SoakSeries> Sizes { get; }

    public IReadOnlyDictionary<string, SoakSeries> Connections { get; }

    public IEnumerable<SoakSeries> All => WorkingSets.Values.Concat(Sizes.Values).Concat(Connections.Values);

    /// <summary><paramref name="databases"/>: each participant's store connection string.</summary>
    public static async Task<SoakSampler> OpenAsync(string superuser, IReadOnlyList<SoakReplica> replicas, IReadOnlyDictionary<string, string> databases)
    {
        var connection = new NpgsqlConnection(superuser);
        await connection.OpenAsync();
        return new SoakSampler(connection, replicas, databases);
    }

    /// <summary>One sample of every series, at <paramref name="seconds"/> into the run; a replica that is down is left out of this one.</summary>
    public async Task SampleAsync(double seconds)
    {
        foreach (var replica in _replicas)
        {
            if (replica.WorkingSetBytes() is { } bytes)
            {
                WorkingSets[replica.Name].Add(seconds, bytes / MiB);
            }
        }

        foreach (var (participant, database) in _databases)
        {
            await using var command = new NpgsqlCommand(
                "SELECT pg_database_size(@name), (SELECT count(*) FROM pg_stat_activity WHERE datname = @name AND application_name LIKE 'crossborder %')", _connection);
            command.Parameters.AddWithValue("name", database);
            await using var reader = await command.ExecuteReaderAsync();
            Assert.True(await reader.ReadAsync());
            Sizes[participant].Add(seconds, reader.GetInt64(0) / MiB);
            Connections[participant].Add(seconds, reader.GetInt64(1));
        }
    }

    /// <summary>
    /// The bytes of growth of <paramref name="participant"/>'s database per message it holds: the
    /// ones it sent and the ones it received.
    /// </summary>
    public double GrowthPerMessage(string participant, IEnumerable<SoakTraffic> traffic)
    {
        var held = traffic.Where(t => t.Sender == participant || t.Recipient == participant).Sum(t => t.Accepted.Count);
        var growth = (Sizes[participant].Last - Sizes[participant].First) * MiB;
        return held == 0 ? double.PositiveInfinity : growth / held;
    }

    /// <summary>The mean bytes of envelope and receipt one message keeps in <paramref name="participant"/>'s outbox and inbox rows.</summary>
    public async Task<double> StoredBytesPerMessageAsync(string participant)
    {
        await using var connection = new NpgsqlConnection(_stores[participant]);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(
            """
            SELECT coalesce(sum(bytes), 0)::float8 / greatest(count(*), 1) FROM (
                SELECT coalesce(octet_length(envelope), 0) + coalesce(octet_length(signed_receipt), 0) AS bytes FROM outbox
                UNION ALL
                SELECT coalesce(octet_length(envelope), 0) + octet_length(signed_receipt) FROM inbox) AS rows
            """, connection);
        return (double)(await command.ExecuteScalarAsync())!;
    }

    public async ValueTask DisposeAsync() => await _connection.DisposeAsync();
}
