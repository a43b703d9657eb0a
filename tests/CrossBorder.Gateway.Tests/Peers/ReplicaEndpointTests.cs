using System.Net;
using System.Net.Sockets;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Delivery.States;
using CrossBorder.Core.Storage;
using CrossBorder.Gateway.Configuration;
using CrossBorder.Gateway.Tests.Infrastructure;
using CrossBorder.Storage.Sqlite;
using static CrossBorder.Gateway.Testing.Exchanges;

namespace CrossBorder.Gateway.Tests.Peers;

/// <summary>
/// A participant served by two gateways with the same identity and keys (here AL/NCP, each on its
/// own database), named by the trust list as two endpoints or behind one TCP balancer: the
/// sender's deliveries spread over both, skip one that is down or answers NOT_SERVING on its
/// health service, and all arrive, over real mutual TLS with receipts verified.
/// </summary>
[Collection(SharedExchange.Name)]
public sealed class ReplicaEndpointTests : IDisposable
{
    private const int Messages = 20;
    private const int EndpointNotServing = 1611;
    private const int EndpointServing = 1612;
    private static readonly HashSet<MessageType> AllTypes = [.. Enum.GetValues<MessageType>().Where(t => t != MessageType.Unspecified)];

    private readonly ExchangeFederation _federation = new();
    private readonly TempDirectory _data = new();

    public void Dispose()
    {
        _data.Dispose();
        _federation.Dispose();
    }

    [Fact]
    public async Task Deliveries_spread_over_both_endpoints_of_a_participant()
    {
        await using var first = await _federation.StartAsync("AL/NCP", _data.File("al-1"));
        await using var second = await StartReplicaAsync("al-2");
        _federation.SetEndpoints("AL/NCP", first.PeerAddress, second.PeerAddress);
        await using var italy = await _federation.StartAsync("IT/NCP", _data.File("it"));

        var sent = await SendAndDeliverAsync("IT/NCP", Messages);

        var (atFirst, atSecond) = (await InboxAsync(first), await InboxAsync(second));
        Assert.True(atFirst.Count > 0 && atSecond.Count > 0, $"first {atFirst.Count}, second {atSecond.Count}");
        Assert.Equal(sent.Order(), atFirst.Concat(atSecond).Order());
    }

    [Fact]
    public async Task A_new_trust_list_that_adds_an_endpoint_brings_the_new_replica_into_use()
    {
        await using var first = await _federation.StartAsync("AL/NCP", _data.File("al-1"));
        await using var second = await StartReplicaAsync("al-2");
        _federation.SetEndpoints("AL/NCP", first.PeerAddress);
        await using var italy = await _federation.StartAsync("IT/NCP", _data.File("it"));
        var before = await SendAndDeliverAsync("IT/NCP", Messages / 2);
        Assert.Empty(await InboxAsync(second));

        _federation.SetEndpoints("AL/NCP", first.PeerAddress, second.PeerAddress);
        italy.ReloadFilesNow();
        var after = await SendAndDeliverAsync("IT/NCP", Messages / 2);

        var (atFirst, atSecond) = (await InboxAsync(first), await InboxAsync(second));
        Assert.NotEmpty(atSecond);
        Assert.Superset(atSecond.ToHashSet(), after.ToHashSet());
        Assert.Equal(before.Concat(after).Order(), atFirst.Concat(atSecond).Order());
    }

    [Fact]
    public async Task With_one_endpoint_refusing_connections_every_delivery_goes_through_the_other()
    {
        await using var live = await _federation.StartAsync("AL/NCP", _data.File("al"));
        _federation.SetEndpoints("AL/NCP", new Uri($"https://127.0.0.1:{ClosedPort()}"), live.PeerAddress);
        await using var italy = await _federation.StartAsync("IT/NCP", _data.File("it"));

        var sent = await SendAndDeliverAsync("IT/NCP", Messages);

        Assert.Equal(sent.Order(), (await InboxAsync(live)).Order());
    }

    [Fact]
    public async Task A_replica_that_stops_loses_no_delivery_the_other_takes_the_rest()
    {
        await using var first = await _federation.StartAsync("AL/NCP", _data.File("al-1"));
        var second = await StartReplicaAsync("al-2");
        _federation.SetEndpoints("AL/NCP", first.PeerAddress, second.PeerAddress);
        await using var italy = await _federation.StartAsync("IT/NCP", _data.File("it"));

        var before = await SendAndDeliverAsync("IT/NCP", Messages / 2);
        var atSecond = await InboxAsync(second);
        await second.DisposeAsync();
        var after = await SendAndDeliverAsync("IT/NCP", Messages / 2);

        var atFirst = await InboxAsync(first);
        Assert.NotEmpty(atSecond);
        Assert.Equal(before.Concat(after).Order(), atFirst.Concat(atSecond).Order());
        Assert.Superset(after.ToHashSet(), atFirst.ToHashSet());
    }

    [Fact]
    public async Task A_replica_whose_health_is_NOT_SERVING_gets_no_deliveries_once_noticed_and_gets_them_again_when_SERVING()
    {
        BreakableStore? health = null;
        await using var first = await _federation.StartAsync("AL/NCP", _data.File("al-1"));
        await using var second = await StartReplicaAsync("al-2", runtime =>
        {
            // Only the store's read behind the health check fails: the replica could still take deliveries,
            // so that none arriving there is the sender's choice.
            var (store, breaker) = BreakableStore.Wrap(new SqliteMessageStore(runtime.Exchange.DatabasePath, new SqliteStoreOptions()));
            breaker.Breaks = method => method.Name == nameof(IOutboxStore.OutboxBacklogAsync);
            health = breaker;
            return store;
        });
        _federation.SetEndpoints("AL/NCP", first.PeerAddress, second.PeerAddress);
        await using var italy = await _federation.StartAsync("IT/NCP", _data.File("it"));
        health!.Broken = true;

        // The first delivery makes the sender's channel, whose health probe runs at once and then every 5 s.
        await SendAndDeliverAsync("IT/NCP", 1);
        await Task.Delay(TimeSpan.FromSeconds(6), TimeProvider.System);
        var atSecondBefore = (await InboxAsync(second)).Count;
        var sent = await SendAndDeliverAsync("IT/NCP", Messages);

        Assert.Equal(atSecondBefore, (await InboxAsync(second)).Count);
        Assert.Superset(sent.ToHashSet(), (await InboxAsync(first)).ToHashSet());
        var left = Assert.Single(italy.Log.WithEventId(EndpointNotServing)).Message;
        Assert.Contains($"AL/NCP endpoint {second.PeerAddress}", left, StringComparison.Ordinal);

        health.Broken = false;
        var back = await Eventually.UntilAsync(
            async () =>
            {
                await SendAndDeliverAsync("IT/NCP", 2);
                return (await InboxAsync(second)).Count > atSecondBefore;
            },
            TimeSpan.FromSeconds(30),
            TimeSpan.FromSeconds(1));
        Assert.True(back, "the replica got no delivery after it answered SERVING again");
        Assert.Contains($"AL/NCP endpoint {second.PeerAddress}", Assert.Single(italy.Log.WithEventId(EndpointServing)).Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Through_a_TCP_balancer_in_front_of_two_replicas_deliveries_reach_both_with_TLS_end_to_end()
    {
        await using var first = await _federation.StartAsync("AL/NCP", _data.File("al-1"));
        await using var second = await StartReplicaAsync("al-2");
        await using var balancer = new TcpRoundRobinForwarder(first.PeerAddress, second.PeerAddress);
        _federation.SetEndpoints("AL/NCP", balancer.Address);
        await using var italy = await _federation.StartAsync("IT/NCP", _data.File("it"));
        await using var greece = await _federation.StartAsync("GR/NCP", _data.File("gr"));

        // Each sender keeps one HTTP/2 connection, which the balancer gives to the next replica in turn.
        var fromItaly = await SendAndDeliverAsync("IT/NCP", Messages / 2);
        var fromGreece = await SendAndDeliverAsync("GR/NCP", Messages / 2);

        var (atFirst, atSecond) = (await InboxAsync(first), await InboxAsync(second));
        Assert.True(atFirst.Count > 0 && atSecond.Count > 0, $"first {atFirst.Count}, second {atSecond.Count}");
        Assert.Equal(fromItaly.Concat(fromGreece).Order(), atFirst.Concat(atSecond).Order());
        Assert.True(balancer.Connections(0) > 0 && balancer.Connections(1) > 0);
    }

    /// <summary>A second AL/NCP gateway: same config, keys and identity, its own database and free ports.</summary>
    private Task<TestGateway> StartReplicaAsync(string data, Func<GatewayRuntime, IMessageStore>? store = null) =>
        _federation.StartAsync("AL/NCP", _data.File(data), options =>
        {
            options.PeerListen = "127.0.0.1:0";
            options.LocalListen = "127.0.0.1:0";
            options.OpsListen = "127.0.0.1:0";
        }, store);

    /// <summary>Submits <paramref name="count"/> referrals to AL/NCP and waits until each is DELIVERED; their ids.</summary>
    private async Task<List<string>> SendAndDeliverAsync(string sender, int count)
    {
        var client = _federation.Client(sender, "case-worker");
        var ids = new List<string>();
        for (var i = 0; i < count; i++)
        {
            ids.Add((await SendAsync(client, "AL/NCP", Purpose.TransnationalReferral, Example("case-referral"))).MessageId);
        }

        foreach (var id in ids)
        {
            var status = await WaitForStateAsync(client, id, StateNames.Name(AuditState.Delivered));
            Assert.True(status.CurrentState == StateNames.Name(AuditState.Delivered), $"{id}: {status.CurrentState}");
        }

        return ids;
    }

    private static async Task<List<string>> InboxAsync(TestGateway gateway) =>
        [.. (await gateway.Store.OfferAsync(AllTypes, 10_000, TimeProvider.System.GetUtcNow(), CancellationToken.None)).Select(m => m.MessageId)];

    /// <summary>A loopback port nothing listens on: connections to it are refused.</summary>
    private static int ClosedPort()
    {
        using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        return ((IPEndPoint)socket.LocalEndPoint!).Port;
    }
}
