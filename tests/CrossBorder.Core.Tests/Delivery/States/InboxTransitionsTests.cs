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
    public void Purged_is_final_and_only_an_acknowledged_message_is_purged()
    {
        Assert.DoesNotContain(InboxTransitions.All, t => t.From == InboxState.Purged);
        Assert.Equal([InboxState.Acknowledged], InboxTransitions.Into(InboxState.Purged));
        Assert.Equal([InboxState.Received, InboxState.Offered], InboxTransitions.Into(InboxState.Quarantined).Order());
    }
}
