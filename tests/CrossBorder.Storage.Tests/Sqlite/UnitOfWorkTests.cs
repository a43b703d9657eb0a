using CrossBorder.Contracts.V1;
using CrossBorder.Core.Delivery.States;
using CrossBorder.Core.Storage;
using CrossBorder.Storage.Common;

namespace CrossBorder.Storage.Tests.Sqlite;

/// <summary>
/// A state change and its audit entry commit together, and only when the move is in the table:
/// a write that changes a row into a state the table does not allow is refused, and nothing of it commits.
/// </summary>
public sealed class UnitOfWorkTests : StoreTestBase
{
    [Fact]
    public async Task An_outbox_change_not_in_the_table_is_refused_and_neither_the_row_nor_an_entry_commits()
    {
        var message = Outbound(T0);
        await Store.EnqueueAsync(message, T0, None);
        Assert.Single(await Store.ClaimDueAsync(T0, 1, TimeSpan.FromSeconds(30), None));
        Assert.True(await Store.CompleteAttemptAsync(message.MessageId, 1, new AttemptOutcome.Delivered([1], T0.AddSeconds(1)), None));

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => Store.WriteAsync(message, static (w, m) =>
        {
            w.Command("UPDATE outbox SET state = 'QUEUED' WHERE message_id = $id;").With("$id", m.MessageId).ExecuteNonQuery();
            w.OutboxChanged(OutboxState.Delivered, OutboxState.Queued, T0.AddSeconds(2), m.MessageId, m.Recipient, ReasonCode.Unspecified, 1, m.SealedSha256);
            return true;
        }, None));

        Assert.Contains("no transition from DELIVERED to QUEUED", refused.Message, StringComparison.Ordinal);
        Assert.Equal(OutboxState.Delivered, (await Store.FindOutboundAsync(message.MessageId, None))!.State);
        Assert.Equal([AuditState.Submitted, AuditState.Queued, AuditState.Sending, AuditState.Delivered], await TrailStatesAsync(message.MessageId));
        Assert.Equal(new AuditVerification(4, null), await Store.VerifyAuditAsync(None));
    }

    [Fact]
    public async Task An_inbox_change_not_in_the_table_is_refused_and_neither_the_row_nor_an_entry_commits()
    {
        var message = Inbound(T0);
        await Store.CommitInboundAsync(message, None);
        await Store.AcknowledgeAsync(Sender, message.MessageId, Types(MessageType.CaseReferral), T0.AddSeconds(1), None);
        Assert.Equal(1, await Store.PurgeAsync(T0.AddSeconds(1), T0.AddSeconds(2), None));

        var refused = await Assert.ThrowsAsync<InvalidOperationException>(() => Store.WriteAsync(message, static (w, m) =>
        {
            w.Command("UPDATE inbox SET state = 'OFFERED' WHERE sender = $sender AND message_id = $id;").With("$sender", m.Sender).With("$id", m.MessageId).ExecuteNonQuery();
            w.InboxChanged(InboxState.Purged, InboxState.Offered, T0.AddSeconds(3), m.MessageId, m.Sender, ReasonCode.Unspecified, m.SealedSha256);
            return true;
        }, None));

        Assert.Contains("no transition from PURGED to OFFERED", refused.Message, StringComparison.Ordinal);
        Assert.Equal(InboxState.Purged, (await Store.FindInboundAsync(Sender, message.MessageId, None))!.State);
        Assert.Equal([AuditState.Received, AuditState.Acknowledged, AuditState.Purged], await TrailStatesAsync(message.MessageId));
        Assert.Equal(new AuditVerification(3, null), await Store.VerifyAuditAsync(None));
    }

    [Fact]
    public async Task A_refused_change_fails_alone_and_the_writes_queued_around_it_commit()
    {
        var before = Outbound(T0);
        var after = Outbound(T0);
        var refusedId = NewId();
        var enqueueBefore = Store.EnqueueAsync(before, T0, None);
        var refused = Store.WriteAsync(refusedId, static (w, id) =>
        {
            w.OutboxChanged(OutboxState.Queued, OutboxState.Delivered, T0, id, Recipient, ReasonCode.Unspecified, 0, new byte[32]);
            return true;
        }, None);
        var enqueueAfter = Store.EnqueueAsync(after, T0, None);

        await enqueueBefore;
        await enqueueAfter;
        await Assert.ThrowsAsync<InvalidOperationException>(() => refused);
        Assert.Empty(await Store.TrailAsync(refusedId, None));
        Assert.Equal(2, (await Store.OutboxCountsAsync(None))[OutboxState.Queued]);
        Assert.Equal(new AuditVerification(4, null), await Store.VerifyAuditAsync(None));
    }
}
