using System.Net;
using System.Net.Sockets;
using CrossBorder.Cli.DevPki;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Trust;
using CrossBorder.Gateway.Configuration;
using CrossBorder.Testing.Postgres;
using Npgsql;
using CertificateFiles = CrossBorder.Core.Certificates.CertificateFiles;

namespace CrossBorder.Benchmarks;

/// <summary>
/// The same exchange with each participant's store in a PostgreSQL database (one throwaway server
/// for the run, a database per participant), first with one gateway per participant, then with
/// two replicas of each sharing its participant's database: IT/NCP's case workers submit to both
/// of its replicas in turn, and AL/NCP's trust-list entry names both of its peer faces, so that
/// IT/NCP's gateways spread their deliveries over them. Each beside the SQLite figures and the
/// crypto floor of the same run, with the CPU an exchange costs in the process and in the server.
/// </summary>
internal static partial class ExchangeBench
{
    private const string Sender = "IT/NCP";
    private const string Recipient = "AL/NCP";

    /// <summary>`postgres` alone: the crypto floor and the SQLite e2e at the largest level, then the PostgreSQL figures beside them (a quick look at the PostgreSQL store).</summary>
    public static async Task RunPostgresAsync(string federationDirectory, PostgresServer server, TimeSpan round, Action<string> print)
    {
        var level = Levels[^1];
        var layout = new DevFederationLayout(federationDirectory);
        var data = Directory.CreateDirectory(Path.Combine(federationDirectory, "bench-data")).FullName;
        var payload = PolicyBench.TypicalReturnPlan();
        var (minimized, stamp) = Minimize(payload);
        using var crypto = new CryptoFloor(layout, minimized, stamp);
        var request = new SubmitRequest { Recipient = Recipient, Purpose = Purpose.ReturnCoordination, LegalBasis = LegalBasis, Payload = payload };
        print($"bench postgres: IT/NCP -> AL/NCP, {level} submitters{MachineLoad()}");
        Rate floor;
        Rate sqlite;
        await using (var pair = await ExchangePair.StartAsync(layout, data, Full, request).ConfigureAwait(false))
        {
            var warmUp = await WarmUpAsync(Levels[1], pair.ExchangeAsync).ConfigureAwait(false);
            print($"  (warm-up: {warmUp.Exchanges:N0} exchanges in {warmUp.Elapsed.TotalSeconds:N0} s)");
            floor = await Concurrent.RunCpuAsync(level, crypto.Exchange, round).ConfigureAwait(false);
            print(Line($"crypto floor, {level} workers", floor, "exchanges/s", "seal + open + receipt sign + verify; no network, no store"));
            sqlite = await pair.CheckedAsync(() => Concurrent.RunAsync(level, pair.ExchangeAsync, round)).ConfigureAwait(false);
            print(Line($"e2e {Full}, {level} submitters", sqlite, "exchanges/s", "submit -> DELIVERED, receipt verified; inbox not read"));
        }

        await RunPostgresAsync(layout, data, request, server, crypto, level, sqlite, floor, round, print).ConfigureAwait(false);
    }

    /// <summary>The PostgreSQL figures at the SQLite e2e peak's level, then their ratios to <paramref name="sqlite"/> and <paramref name="floor"/>.</summary>
    private static async Task RunPostgresAsync(
        DevFederationLayout layout, string data, SubmitRequest request, PostgresServer server, CryptoFloor crypto, int level, Rate sqlite, Rate floor, TimeSpan round, Action<string> print)
    {
        var serverCpu = PostgresCpu.Of(server.DataDirectory);
        print($"bench exchange on PostgreSQL {await VersionAsync(server).ConfigureAwait(false)} (a local server started with the run and idle until now, fsync on; a database per participant, "
            + $"MaxConnections {new PostgresOptions().MaxConnections} per gateway as shipped), {level} submitters as at the SQLite e2e peak; the server's CPU is its processes' own{MachineLoad()}");

        Rate one;
        await using (var pair = await StartOnPostgresAsync(layout, data, request, server, replicas: 1).ConfigureAwait(false))
        {
            // The store's code (Npgsql and the PostgreSQL store) is new to the JIT here.
            var warmUp = await WarmUpAsync(Levels[1], pair.ExchangeAsync).ConfigureAwait(false);
            print($"  (warm-up: {warmUp.Exchanges:N0} exchanges in {warmUp.Elapsed.TotalSeconds:N0} s)");
            one = await pair.CheckedAsync(() => Concurrent.RunAsync(level, pair.ExchangeAsync, round, serverCpu.Total)).ConfigureAwait(false);
            print(Line($"e2e PostgreSQL 1 replica, {level} submitters", one, "exchanges/s", $"+{one.ServerCpuMs:N2} server CPU ms/op; submit -> DELIVERED, receipt verified; inbox not read"));
        }

        Rate two;
        IReadOnlyList<long> received;
        var trustList = await File.ReadAllBytesAsync(layout.TrustList).ConfigureAwait(false);
        try
        {
            await using var pair = await StartOnPostgresAsync(layout, data, request, server, replicas: 2).ConfigureAwait(false);
            await pair.SettleAsync(level).ConfigureAwait(false);
            var before = pair.Received;
            two = await pair.CheckedAsync(() => Concurrent.RunAsync(level, pair.ExchangeAsync, round, serverCpu.Total)).ConfigureAwait(false);
            received = [.. pair.Received.Zip(before, (after, at) => after - at)];
        }
        finally
        {
            // The other benches' gateways find AL/NCP at its one endpoint again.
            await File.WriteAllBytesAsync(layout.TrustList, trustList).ConfigureAwait(false);
        }

        print(Line($"e2e PostgreSQL 2 replicas, {level} submitters", two, "exchanges/s",
            $"+{two.ServerCpuMs:N2} server CPU ms/op; 4 gateways; AL/NCP's replicas received {received[0]:N0} + {received[1]:N0}"));
        var again = await Concurrent.RunCpuAsync(level, crypto.Exchange, round).ConfigureAwait(false);
        print(Line($"crypto floor again, {level} workers", again, "exchanges/s", "for comparison: the ratios below use the floor measured beside the SQLite figures"));

        print($"bench exchange on PostgreSQL: ratios at {level} submitters, against the crypto floor and the SQLite {Full} e2e peak above:");
        foreach (var (name, rate) in new[] { ("1 replica", one), ("2 replicas", two) })
        {
            print(Ratio($"e2e PostgreSQL {name} / crypto floor", $"{rate.PerSecond / floor.PerSecond:P0}", ""));
            print(Ratio($"e2e PostgreSQL {name} / e2e SQLite {Full}", $"{rate.PerSecond / sqlite.PerSecond:0.00}x", ""));
        }

        print(Ratio($"CPU per exchange, SQLite {Full}", $"{Micro(sqlite.CpuMs)} µs", "in the process (both gateways, SQLite in it)"));
        foreach (var (name, rate) in new[] { ("1 replica", one), ("2 replicas", two) })
        {
            var total = rate.CpuMs + rate.ServerCpuMs;
            print(Ratio($"CPU per exchange, PostgreSQL {name}", $"{Micro(total)} µs",
                $"= {Micro(rate.CpuMs)} µs in the process + {Micro(rate.ServerCpuMs)} µs in the server; "
                + $"{rate.CpuMs / sqlite.CpuMs:0.00}x SQLite's in the process, {total / sqlite.CpuMs:0.00}x with the server"));
        }
    }

    private static string Micro(double milliseconds) => $"{milliseconds * 1000:N0}";

    /// <summary>
    /// IT/NCP and AL/NCP on a fresh database each, with <paramref name="replicas"/> gateways per
    /// participant: the first on the ports of the config and the trust list, the others on ports of
    /// their own, AL/NCP's second peer face added to its trust-list entry before anything starts.
    /// </summary>
    private static async Task<ExchangePair> StartOnPostgresAsync(DevFederationLayout layout, string data, SubmitRequest request, PostgresServer server, int replicas)
    {
        var senderDatabase = await server.CreateDatabaseAsync().ConfigureAwait(false);
        var recipientDatabase = await server.CreateDatabaseAsync().ConfigureAwait(false);
        var peerPorts = Enumerable.Range(0, replicas).Select(r => r == 0 ? (int?)null : FreePort()).ToArray();
        if (replicas > 1)
        {
            var first = TrustList(layout).Find(ParticipantId.Parse(Recipient))!.PeerEndpoint;
            SetEndpoints(layout, Recipient, [first, .. peerPorts.Skip(1).Select(port => new UriBuilder(first) { Port = port!.Value }.Uri)]);
        }

        return await ExchangePair.StartAsync(
            layout,
            Full,
            request,
            [.. Enumerable.Range(0, replicas).Select(r => Replica(Sender, senderDatabase, r, r == 0 ? null : 0))],
            [.. Enumerable.Range(0, replicas).Select(r => Replica(Recipient, recipientDatabase, r, peerPorts[r]))]).ConfigureAwait(false);

        // Replica r of a participant; after the first, its own local and operations ports, and its peer port as given (0: any).
        StartGateway Replica(string participant, string database, int r, int? peerPort)
        {
            var name = $"{participant[..2].ToLowerInvariant()}-{replicas}-{(char)('a' + r)}";
            return watch => BenchGateway.StartAsync(layout, participant, Path.Combine(data, "pg-" + name), Full, DispatchParallelism, watch, options =>
            {
                options.Store = StoreKinds.Postgres;
                options.Postgres.ConnectionString = database;
                options.Postgres.Replica = name;
                if (peerPort is { } port)
                {
                    options.PeerListen = $"127.0.0.1:{port}";
                    options.LocalListen = "127.0.0.1:0";
                    options.OpsListen = "127.0.0.1:0";
                }
            });
        }
    }

    /// <summary>Signs the federation's trust list again, one sequence higher, with <paramref name="participant"/>'s endpoints replaced (the first as peer_endpoint).</summary>
    private static void SetEndpoints(DevFederationLayout layout, string participant, IReadOnlyList<Uri> endpoints)
    {
        using var @operator = CertificateFiles.LoadCertificateWithKey(layout.OperatorCertificate, layout.OperatorKey);
        var list = TrustList(layout).Document.Clone();
        list.Sequence++;
        var entry = list.Participants.Single(p => p.Id == participant);
        entry.PeerEndpoint = endpoints[0].ToString();
        entry.PeerEndpoints.Clear();
        entry.PeerEndpoints.Add(endpoints.Skip(1).Select(e => e.ToString()));
        File.WriteAllBytes(layout.TrustList, TrustListCodec.Sign(list, @operator, TimeProvider.System));
    }

    private static TrustListSnapshot TrustList(DevFederationLayout layout) =>
        TrustListCodec.Open(File.ReadAllBytes(layout.TrustList), CertificateFiles.LoadCertificate(layout.OperatorCertificate));

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }

    private static async Task<string> VersionAsync(PostgresServer server)
    {
        await using var connection = new NpgsqlConnection(server.SuperuserConnectionString);
        await connection.OpenAsync().ConfigureAwait(false);
        await using var command = new NpgsqlCommand("SHOW server_version", connection);
        return (string)(await command.ExecuteScalarAsync().ConfigureAwait(false))!;
    }
}
