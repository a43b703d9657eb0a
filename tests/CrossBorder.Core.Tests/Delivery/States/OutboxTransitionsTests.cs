using CrossBorder.Core.Delivery.States;

namespace CrossBorder.Core.Tests.Delivery.States;

/// <summary>
/// The outbox state machine, transition by transition: the table must hold exactly the moves the
/// store makes (written out here a second time, by hand, from IOutboxStore's contract).
/// </summary>
public sealed class OutboxTransitionsTests
{
    private static readonly (OutboxState From, OutboxState To, OutboxEvent Event)[] Expected =
    [
        (OutboxState.Queued, OutboxState.Sending, OutboxEvent.Claim),
        (OutboxState.RetryWait, OutboxState.Sending, OutboxEvent.Claim),
        (OutboxState.Sending, OutboxState.Sending, OutboxEvent.Reclaim),
        (OutboxState.Sending, OutboxState.Delivered, OutboxEvent.Deliver),
        (OutboxState.Sending, OutboxState.Rejected, OutboxEvent.Reject),
        (OutboxState.Sending, OutboxState.RetryWait, OutboxEvent.Retry),
        (OutboxState.RetryWait, OutboxState.Delivered, OutboxEvent.LateDelivery),
        (OutboxState.Failed, OutboxState.Delivered, OutboxEvent.LateDelivery),
        (OutboxState.Queued, OutboxState.Failed, OutboxEvent.Expire),
        (OutboxState.RetryWait, OutboxState.Failed, OutboxEvent.Expire),
        (OutboxState.Sending, OutboxState.Failed, OutboxEvent.Expire),
        (OutboxState.Queued, OutboxState.Cancelled, OutboxEvent.Cancel),
        (OutboxState.RetryWait, OutboxState.Cancelled, OutboxEvent.Cancel),
    ];

    public static TheoryData<OutboxState, OutboxState, bool> EveryPair()
    {
        var data = new TheoryData<OutboxState, OutboxState, bool>();
        foreach (var from in Enum.GetValues<OutboxState>())
        {
            foreach (var to in Enum.GetValues<OutboxState>())
            {
                data.Add(from, to, Expected.Any(e => e.From == from && e.To == to));
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryPair))]
    public void Each_pair_of_states_is_allowed_exactly_when_the_store_makes_that_move(OutboxState from, OutboxState to, bool allowed)
    {
        Assert.Equal(allowed, OutboxTransitions.IsAllowed(from, to));
        if (allowed)
        {
            OutboxTransitions.Require(from, to);
        }
        else
        {
            var refused = Assert.Throws<InvalidOperationException>(() => OutboxTransitions.Require(from, to));
            Assert.Contains($"from {StateNames.Name(from)} to {StateNames.Name(to)}", refused.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_table_lists_each_move_once_with_the_event_that_causes_it()
    {
        Assert.Equal(Expected, OutboxTransitions.All.Select(t => (t.From, t.To, t.Event)));
        Assert.Equal(OutboxTransitions.All.Count, OutboxTransitions.All.Select(t => (t.From, t.To)).Distinct().Count());
    }

    [Fact]
    public void A_message_enters_the_outbox_queued_and_in_no_other_state()
    {
        Assert.Equal(OutboxState.Queued, OutboxTransitions.Entry);
        OutboxTransitions.Require(null, OutboxState.Queued);
        foreach (var state in Enum.GetValues<OutboxState>().Where(s => s != OutboxState.Queued))
        {
            var refused = Assert.Throws<InvalidOperationException>(() => OutboxTransitions.Require(null, state));
            Assert.Contains($"from (new) to {StateNames.Name(state)}", refused.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Delivered_and_rejected_are_final_and_failed_yields_only_to_a_late_delivery()
    {
        Assert.DoesNotContain(OutboxTransitions.All, t => t.From is OutboxState.Delivered or OutboxState.Rejected);
        Assert.Equal([(OutboxState.Delivered, OutboxEvent.LateDelivery)], OutboxTransitions.All.Where(t => t.From == OutboxState.Failed).Select(t => (t.To, t.Event)));
    }

    [Fact]
    public void Into_lists_the_states_a_move_into_a_state_may_start_from()
    {
        Assert.Equal([OutboxState.Sending, OutboxState.RetryWait, OutboxState.Failed], OutboxTransitions.Into(OutboxState.Delivered).Order());
        Assert.Equal([OutboxState.Queued, OutboxState.Sending, OutboxState.RetryWait], OutboxTransitions.Into(OutboxState.Failed).Order());
        Assert.Empty(OutboxTransitions.Into(OutboxState.Queued));
    }
}
