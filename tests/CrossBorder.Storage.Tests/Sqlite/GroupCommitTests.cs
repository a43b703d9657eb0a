using CrossBorder.Contracts.V1;
using CrossBorder.Core.Delivery.States;
using CrossBorder.Core.Storage;

namespace CrossBorder.Storage.Tests.Sqlite;

/// <summary>Writes that arrive together are committed together, yet each succeeds or fails alone.</summary>
public sealed class GroupCommitTests : StoreTestBase
{
    [Fact]
    public async Task A_failing_write_in_a_group_is_undone_alone_and_the_others_commit()
    {
        // Hold the writer with one write, so that the next ones queue up and run as one group.
        using var gate = new ManualResetEventSlim(false);
        var started = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        var holder = Task.Run(() => Store.WriteAsync((gate, started), static (_, s) =>
        {
            s.started.SetResult();
            return s.gate.Wait(TimeSpan.FromSeconds(30));
        }, None));
        await started.Task;

        var first = Outbound(T0);
        var second = Outbound(T0);
        var failingId = NewId();
        var enqueueFirst = Store.EnqueueAsync(first, T0, None);
        var failing = Store.WriteAsync<string, int>(failingId, static (w, id) =>
        {
            w.OutboxEntered(T0, id, Recipient, new byte[32]);
            throw new InvalidOperationException("the work of this write failed");
        }, None);
        var duplicate = Store.EnqueueAsync(first with { Recipient = "MK/NCP" }, T0, None);
        var enqueueSecond = Store.EnqueueAsync(second, T0, None);
        Assert.Equal(4, Store.PendingWrites);

        gate.Set();
        Assert.True(await holder);
        await enqueueFirst;
        await enqueueSecond;
        await Assert.ThrowsAsync<InvalidOperationException>(() => failing);
        await Assert.ThrowsAsync<DuplicateMessageException>(() => duplicate);

        Assert.Empty(await Store.TrailAsync(failingId, None));
        Assert.Equal([1L, 2], (await Store.TrailAsync(first.MessageId, None)).Select(e => e.Sequence));
        Assert.Equal([3L, 4], (await Store.TrailAsync(second.MessageId, None)).Select(e => e.Sequence));
        Assert.Equal(new AuditVerification(4, null), await Store.VerifyAuditAsync(None));
        Assert.Equal(Recipient, (await Store.FindOutboundAsync(first.MessageId, None))!.Recipient);
        Assert.Equal(2, (await Store.OutboxCountsAsync(None))[OutboxState.Queued]);
    }

    [Fact]
    public async Task A_failing_write_on_its_own_writes_nothing()
    {
        var id = NewId();
        await Assert.ThrowsAsync<InvalidOperationException>(() => Store.WriteAsync<string, int>(id, static (w, id) =>
        {
            w.InboxEntered(T0, id, Sender, new byte[32]);
            throw new InvalidOperationException("the work of this write failed");
        }, None));

        Assert.Equal(new AuditVerification(0, null), await Store.VerifyAuditAsync(None));

        // The writer is fine afterwards.
        var message = Inbound(T0);
        Assert.True((await Store.CommitInboundAsync(message, None)).Committed);
        Assert.Equal(1, Assert.Single(await Store.TrailAsync(message.MessageId, None)).Sequence);
    }

    [Fact]
    public async Task Many_concurrent_writers_of_all_kinds_keep_every_outcome_and_one_unbroken_chain()
    {
        var referrals = Types(MessageType.CaseReferral);
        var outbound = Enumerable.Range(0, 40).Select(i => Outbound(T0.AddMilliseconds(i))).ToArray();
        var inbound = Enumerable.Range(0, 40).Select(i => Inbound(T0.AddMilliseconds(i))).ToArray();

        var writes = new List<Task>();
        writes.AddRange(outbound.Select(m => Task.Run(() => Store.EnqueueAsync(m, T0, None))));
        writes.AddRange(inbound.Select(m => Task.Run(async () =>
        {
            await Store.CommitInboundAsync(m, None);
            await Store.CommitInboundAsync(m, None);
            await Store.AcknowledgeAsync(m.Sender, m.MessageId, referrals, T0.AddSeconds(1), None);
        })));
        await Task.WhenAll(writes);

        var claimed = new List<OutboundMessage>();
        var claims = await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => Store.ClaimDueAsync(T0.AddSeconds(1), 10, TimeSpan.FromMinutes(1), None))));
        claimed.AddRange(claims.SelectMany(c => c));
        Assert.Equal(outbound.Length, claimed.Select(m => m.MessageId).Distinct().Count());
        Assert.Equal(outbound.Length, claimed.Count);

        var completions = await Task.WhenAll(claimed.Select(m => Task.Run(() =>
            Store.CompleteAttemptAsync(m.MessageId, 1, new AttemptOutcome.Delivered([1], T0.AddSeconds(2)), None))));
        Assert.All(completions, Assert.True);

        Assert.Equal(outbound.Length, (await Store.OutboxCountsAsync(None))[OutboxState.Delivered]);
        foreach (var m in inbound)
        {
            Assert.Equal([AuditState.Received, AuditState.Acknowledged], await TrailStatesAsync(m.MessageId));
        }

        Assert.Equal(new AuditVerification(outbound.Length * 4 + inbound.Length * 2, null), await Store.VerifyAuditAsync(None));
    }
}
