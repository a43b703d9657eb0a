using System.Diagnostics;
using CrossBorder.Contracts.V1;
using CrossBorder.Testing.Postgres;
using static CrossBorder.Gateway.Testing.Exchanges;

namespace CrossBorder.Gateway.Tests.Replicas;

/// <summary>
/// Two replicas of the receiving participant on one PostgreSQL database: a message delivered to one
/// wakes an application's inbox long-poll waiting on the other (LISTEN/NOTIFY), and either replica
/// answers the local face for the same inbox (read on one, acknowledged on the other, gone from both).
/// </summary>
[Collection(ReplicaFaults.Name)]
public sealed class ReplicaInboxTests : IAsyncLifetime, IDisposable
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
    public async Task A_long_poll_on_one_replica_wakes_for_a_message_the_other_received_and_either_answers_for_the_inbox()
    {
        const int WaitSeconds = 40;
        var database = await _postgres.CreateDatabaseAsync();
        await using var first = await _federation.StartAsync("AL/NCP", _data.File("al-a"), ReplicaOptions.OnPostgres(database, "al-a"));
        await using var second = await TestGateway.StartAsync(_federation.ConfigPath("AL/NCP"), keepPorts: false, ExchangeFederation.Fast(_data.File("al-b"), ReplicaOptions.OnPostgres(database, "al-b")));
        await using var italy = await _federation.StartAsync("IT/NCP", _data.File("it"));
        var onSecond = _federation.Client("AL/NCP", "case-worker", second.LocalAddress);
        var onFirst = _federation.Client("AL/NCP", "case-worker", first.LocalAddress);
        Assert.Empty((await onSecond.InboxAsync(new InboxRequest { WaitSeconds = 0 }, deadline: Deadline())).Messages);

        // The trust list names the first replica's peer face: the message is committed there.
        var waited = Stopwatch.StartNew();
        var poll = onSecond.InboxAsync(new InboxRequest { WaitSeconds = WaitSeconds }, deadline: Deadline(WaitSeconds + 10)).ResponseAsync;
        await Eventually.PauseAsync(TimeSpan.FromMilliseconds(500));
        var sent = await SendAsync(_federation.Client("IT/NCP", "case-worker"), "AL/NCP", Purpose.TransnationalReferral, Example("case-referral"));
        var answer = await poll;
        waited.Stop();

        Assert.Equal(sent.MessageId, Assert.Single(answer.Messages).MessageId);
        Assert.True(waited.Elapsed < TimeSpan.FromSeconds(WaitSeconds / 2), $"the long-poll answered only after {waited.Elapsed}: it was not woken by the other replica's commit");
        Assert.NotNull(await first.Store.FindInboundAsync("IT/NCP", sent.MessageId, CancellationToken.None));

        var acknowledged = await onFirst.AcknowledgeAsync(new AcknowledgeRequest { Sender = "IT/NCP", MessageId = sent.MessageId }, deadline: Deadline());
        Assert.NotNull(acknowledged);
        Assert.Empty((await onSecond.InboxAsync(new InboxRequest { WaitSeconds = 0 }, deadline: Deadline())).Messages);
        Assert.Empty((await onFirst.InboxAsync(new InboxRequest { WaitSeconds = 0 }, deadline: Deadline())).Messages);
    }

    [Fact]
    public async Task Replicas_write_the_chains_checkpoints_in_turn_and_neither_fails_when_the_other_was_first()
    {
        var database = await _postgres.CreateDatabaseAsync();
        await using var first = await _federation.StartAsync("AL/NCP", _data.File("al-a"), ReplicaOptions.OnPostgres(database, "al-a"));
        await using var second = await TestGateway.StartAsync(_federation.ConfigPath("AL/NCP"), keepPorts: false, ExchangeFederation.Fast(_data.File("al-b"), ReplicaOptions.OnPostgres(database, "al-b")));
        await using var italy = await _federation.StartAsync("IT/NCP", _data.File("it"));
        var sent = await SendAsync(_federation.Client("IT/NCP", "case-worker"), "AL/NCP", Purpose.TransnationalReferral, Example("case-referral"));
        Assert.Equal("DELIVERED", (await WaitForStateAsync(_federation.Client("IT/NCP", "case-worker"), sent.MessageId, "DELIVERED")).CurrentState);

        var written = await first.CheckpointNowAsync();
        var again = await second.CheckpointNowAsync();

        Assert.NotNull(written);
        Assert.Null(again);
        Assert.Equal(written.Sequence, Assert.Single(await second.Store.CheckpointsAsync(10, CancellationToken.None)).Sequence);
        Assert.DoesNotContain(second.Log.Entries, e => e.Level >= Microsoft.Extensions.Logging.LogLevel.Warning && e.Category.Contains("AuditCheckpoint", StringComparison.Ordinal));
        Assert.Null((await second.Store.VerifyAuditAsync(CancellationToken.None)).FirstBroken);
    }
}
