using CrossBorder.Core.Delivery.States;

namespace CrossBorder.Core.Tests.Delivery.States;

/// <summary>
/// The inbox state machine, transition by transition: the table must hold exactly the moves the
/// store makes (written out here a second time, by hand, from IInboxStore's contract).
/// </summary>
public sealed class InboxTransitionsTests
{
    private static readonly (InboxState From, InboxState To, InboxEvent Event)[] Expected =
    [
        (InboxState.Received, InboxState.Offered, InboxEvent.Offer),
        (InboxState.Received, InboxState.Quarantined, InboxEvent.Quarantine),
        (InboxState.Offered, InboxState.Quarantined, InboxEvent.Quarantine),
        (InboxState.Received, InboxState.Acknowledged, InboxEvent.Acknowledge),
        (InboxState.Offered, InboxState.Acknowledged, InboxEvent.Acknowledge),
        (InboxState.Quarantined, InboxState.Acknowledged, InboxEvent.Acknowledge),
        (InboxState.Acknowledged, InboxState.Purged, InboxEvent.Purge),
        (InboxState.Received, InboxState.Withdrawn, InboxEvent.Withdraw),
        (InboxState.Offered, InboxState.Withdrawn, InboxEvent.Withdraw),
        (InboxState.Quarantined, InboxState.Withdrawn, InboxEvent.Withdraw),
        (InboxState.Acknowledged, InboxState.ErasureRequested, InboxEvent.RequestErasure),
        (InboxState.Purged, InboxState.ErasureRequested, InboxEvent.RequestErasure),
        (InboxState.Received, InboxState.Superseded, InboxEvent.Supersede),
        (InboxState.Offered, InboxState.Superseded, InboxEvent.Supersede),
        (InboxState.Quarantined, InboxState.Superseded, InboxEvent.Supersede),
        (InboxState.Acknowledged, InboxState.Superseded, InboxEvent.Supersede),
        (InboxState.Purged, InboxState.Superseded, InboxEvent.Supersede),
        (InboxState.Received, InboxState.ExpiredUnread, InboxEvent.ExpireUnread),
        (InboxState.Offered, InboxState.ExpiredUnread, InboxEvent.ExpireUnread),
        (InboxState.Quarantined, InboxState.ExpiredUnread, InboxEvent.ExpireUnread),
    ];

    public static TheoryData<InboxState, InboxState, bool> EveryPair()
    {
        var data = new TheoryData<InboxState, InboxState, bool>();
        foreach (var from in Enum.GetValues<InboxState>())
        {
            foreach (var to in Enum.GetValues<InboxState>())
            {
                data.Add(from, to, Expected.Any(e => e.From == from && e.To == to));
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(EveryPair))]
    public void Each_pair_of_states_is_allowed_exactly_when_the_store_makes_that_move(InboxState from, InboxState to, bool allowed)
    {
        Assert.Equal(allowed, InboxTransitions.IsAllowed(from, to));
        if (allowed)
        {
            InboxTransitions.Require(from, to);
        }
        else
        {
            var refused = Assert.Throws<InvalidOperationException>(() => InboxTransitions.Require(from, to));
            Assert.Contains($"from {StateNames.Name(from)} to {StateNames.Name(to)}", refused.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void The_table_lists_each_move_once_with_the_event_that_causes_it()
    {
        Assert.Equal(Expected, InboxTransitions.All.Select(t => (t.From, t.To, t.Event)));
        Assert.Equal(InboxTransitions.All.Count, InboxTransitions.All.Select(t => (t.From, t.To)).Distinct().Count());
    }

    [Fact]
    public void A_message_enters_the_inbox_received_and_in_no_other_state()
    {
        Assert.Equal(InboxState.Received, InboxTransitions.Entry);
        InboxTransitions.Require(null, InboxState.Received);
        foreach (var state in Enum.GetValues<InboxState>().Where(s => s != InboxState.Received))
        {
            var refused = Assert.Throws<InvalidOperationException>(() => InboxTransitions.Require(null, state));
            Assert.Contains($"from (new) to {StateNames.Name(state)}", refused.Message, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void Only_an_acknowledged_message_is_purged_and_a_purged_one_moves_only_for_a_notice()
    {
        Assert.Equal([InboxState.ErasureRequested, InboxState.Superseded], InboxTransitions.All.Where(t => t.From == InboxState.Purged).Select(t => t.To).Order());
        Assert.Equal([InboxState.Acknowledged], InboxTransitions.Into(InboxState.Purged));
        Assert.Equal([InboxState.Received, InboxState.Offered], InboxTransitions.Into(InboxState.Quarantined).Order());
    }

    [Fact]
    public void The_states_a_notice_or_an_erasure_date_ends_are_final_and_none_of_them_is_offered_or_acknowledged()
    {
        foreach (var ended in InboxTransitions.Ended)
        {
            Assert.DoesNotContain(InboxTransitions.All, t => t.From == ended);
            Assert.False(InboxTransitions.IsAllowed(ended, InboxState.Acknowledged));
            Assert.False(InboxTransitions.IsAllowed(ended, InboxState.Offered));
        }

        Assert.Equal(
            [InboxState.Withdrawn, InboxState.ErasureRequested, InboxState.Superseded, InboxState.ExpiredUnread],
            InboxTransitions.Ended.Order());
    }
}
