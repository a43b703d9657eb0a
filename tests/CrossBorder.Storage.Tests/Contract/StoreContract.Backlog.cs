using CrossBorder.Contracts.V1;
using CrossBorder.Core.Delivery.States;
using CrossBorder.Core.Storage;

namespace CrossBorder.Storage.Tests.Contract;

// The outbox backlog: pending messages per state and the oldest one's queue time, final ones left out.
public abstract partial class StoreContract
{
    [Fact]
    public async Task An_empty_outbox_has_no_backlog_and_every_pending_state_at_zero()
    {
        var backlog = await Store.OutboxBacklogAsync(None);

        Assert.Equal(OutboxBacklog.PendingStates.Order(), backlog.Pending.Keys.Order());
        Assert.All(backlog.Pending.Values, count => Assert.Equal(0, count));
        Assert.Null(backlog.OldestQueuedAt);
    }

    [Fact]
    public async Task The_backlog_counts_pending_states_and_dates_the_oldest_pending_message_not_a_final_one()
    {
        var deliveredFirst = Outbound(T0);
        var retrying = Outbound(T0.AddMinutes(1));
        var sending = Outbound(T0.AddMinutes(2));
        var queued = Outbound(T0.AddMinutes(3));
        foreach (var message in new[] { deliveredFirst, retrying, sending, queued })
        {
            await Store.EnqueueAsync(message, message.CreatedAt, None);
        }

        // The oldest is delivered (final), the next waits for a retry, the third is being sent.
        Assert.Equal(3, (await Store.ClaimDueAsync(T0.AddMinutes(2), 3, Lease, None)).Count);
        await Store.CompleteAttemptAsync(deliveredFirst.MessageId, 1, new AttemptOutcome.Delivered([1], T0.AddMinutes(2)), None);
        await Store.CompleteAttemptAsync(retrying.MessageId, 1, new AttemptOutcome.Retry(ReasonCode.Unavailable, T0.AddMinutes(5), T0.AddMinutes(2)), None);

        var backlog = await Store.OutboxBacklogAsync(None);

        Assert.Equal(1, backlog.Pending[OutboxState.Queued]);
        Assert.Equal(1, backlog.Pending[OutboxState.Sending]);
        Assert.Equal(1, backlog.Pending[OutboxState.RetryWait]);
        Assert.False(backlog.Pending.ContainsKey(OutboxState.Delivered));
        Assert.Equal(retrying.CreatedAt, backlog.OldestQueuedAt);
    }
}
