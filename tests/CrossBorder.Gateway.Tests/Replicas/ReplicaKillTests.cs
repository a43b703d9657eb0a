using CrossBorder.Contracts.V1;
using CrossBorder.Core.Delivery.States;
using CrossBorder.Storage.Postgres;
using CrossBorder.Testing.Postgres;
using static CrossBorder.Gateway.Testing.Exchanges;

namespace CrossBorder.Gateway.Tests.Replicas;

/// <summary>
/// Two replicas of the sending participant, each its own process on one PostgreSQL database, with
/// 500 messages accepted through both and in flight; one replica is killed with SIGKILL. The other
/// takes over the dead one's leases when they run out, and the recipient's application reads every
/// accepted message exactly once.
/// </summary>
[Collection(ReplicaFaults.Name)]
public sealed class ReplicaKillTests : IAsyncLifetime, IDisposable
{
    private const int Messages = 500;

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
    public async Task A_replica_killed_with_500_messages_in_flight_loses_none_and_duplicates_none()
    {
        var database = await _postgres.CreateDatabaseAsync();
        using var first = ReplicaProcess.Start(_federation, "IT/NCP", "it-a", database, _data);
        using var second = ReplicaProcess.Start(_federation, "IT/NCP", "it-b", database, _data, ReplicaProcess.FreeTriple());
        await Task.WhenAll(first.WaitUntilServingAsync(), second.WaitUntilServingAsync());

        // Accepted through both replicas while the recipient is down, so that all 500 are in flight when the kill falls.
        var clients = new[] { first.Client(), second.Client() };
        var accepted = new List<string>();
        for (var batch = 0; batch < Messages / 20; batch++)
        {
            var sent = await Task.WhenAll(Enumerable.Range(0, 20).Select(i =>
                SendAsync(clients[i % 2], "AL/NCP", Purpose.TransnationalReferral, Example("case-referral"))));
            accepted.AddRange(sent.Select(s => s.MessageId));
        }

        await using var albania = await _federation.StartAsync("AL/NCP", _data.File("al"));
        var application = _federation.Client("AL/NCP", "case-worker");
        var read = await ReadAsync(application, 30, seconds: 60);
        await first.Process.KillAsync();
        var arrivedBeforeKill = (await albania.Store.InboxCountsAsync(CancellationToken.None)).Values.Sum();
        Assert.InRange(arrivedBeforeKill, 30, Messages - 1);

        read.AddRange(await ReadAsync(application, Messages - read.Count, seconds: 180));

        Assert.Equal(Messages, read.Count);
        Assert.Equal(accepted.Order(StringComparer.Ordinal), read.Select(m => m.MessageId).Order(StringComparer.Ordinal));
        Assert.Empty((await application.InboxAsync(new InboxRequest { WaitSeconds = 1 }, deadline: Deadline())).Messages);

        // The sender's evidence: every message DELIVERED with its receipt, and one audit chain from both replicas, whole.
        await using var store = await PostgresMessageStore.OpenAsync(new PostgresStoreOptions { ConnectionString = database, Replica = "check" }, CancellationToken.None);
        Assert.True(await Eventually.UntilAsync(
            async () => (await store.OutboxCountsAsync(CancellationToken.None))[OutboxState.Delivered] == Messages, TimeSpan.FromSeconds(60), TimeSpan.FromMilliseconds(200)),
            $"not every message was recorded DELIVERED; the surviving replica's log: {second.Tail()}");
        Assert.Null((await store.VerifyAuditAsync(CancellationToken.None)).FirstBroken);
        Assert.Equal(0, await second.Process.StopAsync(TimeSpan.FromSeconds(15), TimeProvider.System));
    }
}
