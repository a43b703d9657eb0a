using CrossBorder.Contracts.V1;
using CrossBorder.Core.Delivery.States;
using CrossBorder.Core.Storage;

namespace CrossBorder.Storage.Tests.Contract;

// The state machines as a store lives them: every change it audits is a move of the tables, and
// the moves that are easy to forget (a late delivery over RETRY_WAIT, acknowledging a quarantined
// message) are made.
public abstract partial class StoreContract
{
    [Fact]
    public async Task An_empty_outbox_counts_zero_in_every_state()
    {
        var counts = await Store.OutboxCountsAsync(None);

        Assert.Equal(Enum.GetValues<OutboxState>().Order(), counts.Keys.Order());
        Assert.All(counts.Values, count => Assert.Equal(0, count));
    }

    [Fact]
    public async Task Every_state_change_a_store_audits_is_a_transition_of_its_box_s_table()
    {
        var ids = new List<string>(await MixedActivityAsync(Store));

        // More ways through the outbox: a rejection, a reclaimed lease, a late delivery over FAILED.
        var rejected = Outbound(T0.AddMinutes(2));
        var late = Outbound(T0.AddMinutes(2), lifetime: TimeSpan.FromMinutes(10));
        await Store.EnqueueAsync(rejected, T0.AddMinutes(2), None);
        await Store.EnqueueClaimedAsync(late, T0.AddMinutes(2), Lease, None);
        await Store.ClaimDueAsync(T0.AddMinutes(2), 10, Lease, None);
        await Store.CompleteAttemptAsync(rejected.MessageId, 1, new AttemptOutcome.Rejected(ReasonCode.PolicyRefused, null, T0.AddMinutes(3)), None);
        await Store.ClaimDueAsync(T0.AddMinutes(2) + Lease, 10, Lease, None);
        await Store.ExpireAsync(T0.AddMinutes(20), ReasonCode.Stale, None);
        Assert.True(await Store.CompleteAttemptAsync(late.MessageId, 1, new AttemptOutcome.Delivered([3], T0.AddMinutes(21)), None));

        // More ways through the inbox: a quarantine, then its acknowledgement.
        var broken = Inbound(T0.AddMinutes(2));
        await Store.CommitInboundAsync(broken, None);
        Assert.True(await Store.RecordOpenFailureAsync(Sender, broken.MessageId, ReasonCode.Malformed, 1, T0.AddMinutes(3), None));
        Assert.NotNull(await Store.AcknowledgeAsync(Sender, broken.MessageId, Referrals, T0.AddMinutes(4), None));
        ids.AddRange([rejected.MessageId, late.MessageId, broken.MessageId]);

        var moves = 0;
        foreach (var id in ids)
        {
            var trail = await Store.TrailAsync(id, None);
            foreach (var direction in new[] { AuditDirection.Out, AuditDirection.In })
            {
                // SUBMITTED comes before QUEUED; an inbound REJECTED reached no box.
                var states = trail
                    .Where(e => e.Direction == direction && e.State != AuditState.Submitted && !(direction == AuditDirection.In && e.State == AuditState.Rejected))
                    .Select(e => StateNames.Name(e.State))
                    .ToList();
                for (var i = 0; i < states.Count; i++)
                {
                    if (direction == AuditDirection.Out)
                    {
                        OutboxTransitions.Require(i == 0 ? null : StateNames.ParseOutbox(states[i - 1]), StateNames.ParseOutbox(states[i]));
                    }
                    else
                    {
                        InboxTransitions.Require(i == 0 ? null : StateNames.ParseInbox(states[i - 1]), StateNames.ParseInbox(states[i]));
                    }

                    moves++;
                }
            }
        }

        Assert.Equal(OutboxState.Rejected, (await Store.FindOutboundAsync(rejected.MessageId, None))!.State);
        Assert.Equal(OutboxState.Delivered, (await Store.FindOutboundAsync(late.MessageId, None))!.State);
        Assert.Equal(
            [AuditState.Submitted, AuditState.Queued, AuditState.Sending, AuditState.Sending, AuditState.Failed, AuditState.Delivered],
            await TrailStatesAsync(late.MessageId));
        Assert.Equal(
            [AuditState.Received, AuditState.Quarantined, AuditState.Acknowledged],
            await TrailStatesAsync(broken.MessageId));
        Assert.Equal(25, moves); // 12 of the mixed activity, 2 more claims of its retried message, 3 + 5 + 3 here
        Assert.Null((await Store.VerifyAuditAsync(None)).FirstBroken);
    }

    [Fact]
    public async Task A_superseded_attempt_s_verified_delivery_is_written_over_a_message_waiting_for_its_retry()
    {
        var message = Outbound(T0);
        await Store.EnqueueAsync(message, T0, None);
        var first = Assert.Single(await Store.ClaimDueAsync(T0, 1, Lease, None));
        var second = Assert.Single(await Store.ClaimDueAsync(T0 + Lease, 1, Lease, None));
        Assert.True(await Store.CompleteAttemptAsync(message.MessageId, second.Attempts, new AttemptOutcome.Retry(ReasonCode.Unavailable, T0.AddMinutes(5), T0 + Lease), None));

        // The first attempt's receipt arrives while the message waits for its third attempt.
        Assert.False(await Store.CompleteAttemptAsync(message.MessageId, first.Attempts, new AttemptOutcome.Rejected(ReasonCode.NotAuthorized, null, T0.AddMinutes(1)), None));
        Assert.True(await Store.CompleteAttemptAsync(message.MessageId, first.Attempts, new AttemptOutcome.Delivered([7], T0.AddMinutes(1)), None));

        var record = await Store.FindOutboundAsync(message.MessageId, None);
        Assert.Equal((OutboxState.Delivered, ReasonCode.Unspecified, 2), (record!.State, record.LastReason, record.Attempts));
        Assert.Equal([7], record.SignedReceipt);
        Assert.Null(record.NextAttemptAt);
        Assert.Equal(0, await StoredOutboundEnvelopeAsync(message.MessageId));
        Assert.Empty(await Store.ClaimDueAsync(T0.AddMinutes(5), 10, Lease, None));
        Assert.Equal(
            [AuditState.Submitted, AuditState.Queued, AuditState.Sending, AuditState.Sending, AuditState.RetryWait, AuditState.Delivered],
            await TrailStatesAsync(message.MessageId));
    }

    [Fact]
    public async Task A_quarantined_message_can_still_be_acknowledged_and_is_then_purged_like_any_other()
    {
        var message = Inbound(T0);
        await Store.CommitInboundAsync(message, None);
        Assert.True(await Store.RecordOpenFailureAsync(Sender, message.MessageId, ReasonCode.NotARecipient, 1, T0.AddMinutes(1), None));

        Assert.Equal(T0.AddMinutes(2), await Store.AcknowledgeAsync(Sender, message.MessageId, Referrals, T0.AddMinutes(2), None));
        Assert.Equal(InboxState.Acknowledged, (await Store.FindInboundAsync(Sender, message.MessageId, None))!.State);
        Assert.False(await Store.RecordOpenFailureAsync(Sender, message.MessageId, ReasonCode.NotARecipient, 1, T0.AddMinutes(3), None));
        Assert.Equal(1, await Store.PurgeAsync(T0.AddMinutes(2), T0.AddMinutes(4), None));

        Assert.Equal(InboxState.Purged, (await Store.FindInboundAsync(Sender, message.MessageId, None))!.State);
        Assert.Null(await StoredInboundEnvelopeAsync(Sender, message.MessageId));
        Assert.Equal(
            [AuditState.Received, AuditState.Quarantined, AuditState.Acknowledged, AuditState.Purged],
            await TrailStatesAsync(message.MessageId));
    }

    [Fact]
    public async Task An_open_failure_of_an_unknown_or_acknowledged_message_changes_nothing()
    {
        var acknowledged = Inbound(T0);
        await Store.CommitInboundAsync(acknowledged, None);
        await Store.AcknowledgeAsync(Sender, acknowledged.MessageId, Referrals, T0.AddMinutes(1), None);

        Assert.False(await Store.RecordOpenFailureAsync(Sender, NewId(), ReasonCode.Malformed, 1, T0.AddMinutes(2), None));
        Assert.False(await Store.RecordOpenFailureAsync(Sender, acknowledged.MessageId, ReasonCode.Malformed, 1, T0.AddMinutes(2), None));

        Assert.Equal(InboxState.Acknowledged, (await Store.FindInboundAsync(Sender, acknowledged.MessageId, None))!.State);
        Assert.Equal([AuditState.Received, AuditState.Acknowledged], await TrailStatesAsync(acknowledged.MessageId));
    }
}
