using System.Net;
using CrossBorder.Contracts.V1;
using CrossBorder.Gateway.Tests.Infrastructure;
using CrossBorder.Testing.Postgres;
using Grpc.Health.V1;
using Npgsql;
using static CrossBorder.Gateway.Testing.Exchanges;

namespace CrossBorder.Gateway.Tests.Replicas;

/// <summary>
/// A gateway on PostgreSQL through the server's faults, with submissions kept up meanwhile: the
/// server restarted in immediate mode, and a synchronous hot standby promoted after the primary
/// dies. The gateway recovers without a restart; while the store is unreachable every submit is
/// refused UNAVAILABLE (never accepted and lost) and health says NOT_SERVING; every accepted
/// message reaches the recipient's application exactly once.
/// </summary>
[Collection(ReplicaFaults.Name)]
public sealed class PostgresFaultTests : IAsyncLifetime, IDisposable
{
    private readonly ExchangeFederation _federation = new();
    private readonly TempDirectory _data = new();
    private PostgresServer _postgres = null!;

    public async Task InitializeAsync() => _postgres = await PostgresServer.StartAsync();

    public async Task DisposeAsync() => await _postgres.DisposeAsync();

    public void Dispose()
    {
        _federation.Dispose();
        _data.Dispose();
    }

    [Fact]
    public async Task PostgreSQL_restarted_in_immediate_mode_under_load_loses_nothing_and_the_gateway_recovers_by_itself()
    {
        var database = await _postgres.CreateDatabaseAsync();
        await using var italy = await _federation.StartAsync("IT/NCP", _data.File("it"), ReplicaOptions.OnPostgres(database, "it"));
        await using var albania = await _federation.StartAsync("AL/NCP", _data.File("al"));
        var load = new SubmitLoad([_federation.Client("IT/NCP", "case-worker")], "AL/NCP");
        await load.SubmitAsync(20);

        using var stop = new CancellationTokenSource();
        var running = load.RunAsync(parallel: 3, stop.Token);
        await Eventually.PauseAsync(TimeSpan.FromSeconds(1));
        await _postgres.StopAsync("immediate");

        // The store is unreachable: a submit is refused UNAVAILABLE, and every health check says NOT_SERVING.
        Assert.False(await load.TrySubmitAsync(_federation.Client("IT/NCP", "case-worker"), "during-outage"));
        Assert.True(await Eventually.UntilAsync(async () => await HealthAsync(italy) == HttpStatusCode.ServiceUnavailable, TimeSpan.FromSeconds(20), TimeSpan.FromMilliseconds(200)),
            "/healthz did not say NOT_SERVING while the database was down");
        Assert.Equal(HealthCheckResponse.Types.ServingStatus.NotServing, await LocalHealthAsync(italy));

        await _postgres.StartAgainAsync();
        Assert.True(await Eventually.UntilAsync(async () => await HealthAsync(italy) == HttpStatusCode.OK, TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(200)),
            "the gateway did not serve again after the database came back");
        await Eventually.PauseAsync(TimeSpan.FromSeconds(1));
        await stop.CancelAsync();
        await running;
        await load.RetryRefusedAsync(TimeSpan.FromSeconds(30));
        await load.SubmitAsync(10);

        Assert.True(load.RefusedUnavailable > 0, "no submit met the outage");
        await AssertEachDeliveredOnceAsync(load);

        // The outage was logged, by reason and SQL state, never with the database's password.
        var password = new NpgsqlConnectionStringBuilder(database).Password!;
        Assert.NotEmpty(italy.Log.Entries);
        Assert.DoesNotContain(italy.Log.Entries, e => e.Message.Contains(password, StringComparison.Ordinal) || (e.Exception?.ToString().Contains(password, StringComparison.Ordinal) ?? false));
    }

    [Fact]
    public async Task A_synchronous_standby_promoted_while_traffic_flows_loses_no_acknowledged_submit()
    {
        var primaryDatabase = await _postgres.CreateDatabaseAsync();
        await using var standby = await _postgres.StartStandbyAsync(synchronous: true);
        var both = new NpgsqlConnectionStringBuilder(primaryDatabase)
        {
            Host = $"127.0.0.1:{_postgres.Port},127.0.0.1:{standby.Port}",
            TargetSessionAttributes = "primary",
            HostRecheckSeconds = 1,
        }.ConnectionString;
        await using var italy = await _federation.StartAsync("IT/NCP", _data.File("it"), ReplicaOptions.OnPostgres(both, "it"));
        await using var albania = await _federation.StartAsync("AL/NCP", _data.File("al"));
        var load = new SubmitLoad([_federation.Client("IT/NCP", "case-worker")], "AL/NCP");
        await load.SubmitAsync(20);

        using var stop = new CancellationTokenSource();
        var running = load.RunAsync(parallel: 3, stop.Token);
        await Eventually.PauseAsync(TimeSpan.FromSeconds(1));
        var acceptedBeforeFailover = load.Accepted.Count;
        await _postgres.StopAsync("immediate");
        await standby.PromoteAsync();
        Assert.True(await Eventually.UntilAsync(async () => load.Accepted.Count > acceptedBeforeFailover + 20, TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(200)),
            "the gateway did not reach the promoted standby");
        await stop.CancelAsync();
        await running;
        await load.RetryRefusedAsync(TimeSpan.FromSeconds(30));

        await AssertEachDeliveredOnceAsync(load);
        Assert.False(await IsInRecoveryAsync(standby.ConnectionStringFor(new NpgsqlConnectionStringBuilder(primaryDatabase).Database!)));
    }

    /// <summary>Every accepted message is read by the recipient's application once, and nothing else is.</summary>
    private async Task AssertEachDeliveredOnceAsync(SubmitLoad load)
    {
        var application = _federation.Client("AL/NCP", "case-worker");
        var expected = load.Accepted.Values.Order(StringComparer.Ordinal).ToList();
        var read = await ReadAsync(application, expected.Count, seconds: 120);
        Assert.Equal(expected, read.Select(m => m.MessageId).Order(StringComparer.Ordinal));
        Assert.Empty((await application.InboxAsync(new InboxRequest { WaitSeconds = 2 }, deadline: Deadline())).Messages);
    }

    private static async Task<HttpStatusCode> HealthAsync(TestGateway gateway) =>
        (await HealthProbe.HealthzAsync(gateway.OpsAddress, gateway.Runtime.LocalServerCertificate)).Status;

    private async Task<HealthCheckResponse.Types.ServingStatus> LocalHealthAsync(TestGateway gateway)
    {
        var worker = _federation.Layout.ClientDirectory(Core.Trust.ParticipantId.Parse("IT/NCP"), "case-worker");
        using var client = TestCertificates.FromFiles(Path.Combine(worker, "client.crt"), Path.Combine(worker, "client.key"));
        return await HealthProbe.CheckAsync(gateway.LocalAddress, client, gateway.Runtime.LocalServerCertificate);
    }

    private static async Task<bool> IsInRecoveryAsync(string connectionString)
    {
        await using var connection = new NpgsqlConnection(connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand("SELECT pg_is_in_recovery()", connection);
        return (bool)(await command.ExecuteScalarAsync())!;
    }
}
