using System.Collections.Frozen;

namespace CrossBorder.Core.Delivery.States;

/// <summary>
/// The inbox state machine: the one table of allowed moves. A store checks every state change it
/// writes against it; a change not listed is a bug and is refused before anything of it commits.
/// </summary>
public static class InboxTransitions
{
    /// <summary>The state a message enters the inbox in (committed with its receipt).</summary>
    public const InboxState Entry = InboxState.Received;

    /// <summary>Every allowed move, with its cause.</summary>
    public static IReadOnlyList<Transition<InboxState, InboxEvent>> All { get; } =
    [
        new(InboxState.Received, InboxState.Offered, InboxEvent.Offer),
        new(InboxState.Received, InboxState.Quarantined, InboxEvent.Quarantine),
        new(InboxState.Offered, InboxState.Quarantined, InboxEvent.Quarantine),
        new(InboxState.Received, InboxState.Acknowledged, InboxEvent.Acknowledge),
        new(InboxState.Offered, InboxState.Acknowledged, InboxEvent.Acknowledge),
        new(InboxState.Quarantined, InboxState.Acknowledged, InboxEvent.Acknowledge),
        new(InboxState.Acknowledged, InboxState.Purged, InboxEvent.Purge),
        new(InboxState.Received, InboxState.Withdrawn, InboxEvent.Withdraw),
        new(InboxState.Offered, InboxState.Withdrawn, InboxEvent.Withdraw),
        new(InboxState.Quarantined, InboxState.Withdrawn, InboxEvent.Withdraw),
        new(InboxState.Acknowledged, InboxState.ErasureRequested, InboxEvent.RequestErasure),
        new(InboxState.Purged, InboxState.ErasureRequested, InboxEvent.RequestErasure),
        new(InboxState.Received, InboxState.Superseded, InboxEvent.Supersede),
        new(InboxState.Offered, InboxState.Superseded, InboxEvent.Supersede),
        new(InboxState.Quarantined, InboxState.Superseded, InboxEvent.Supersede),
        new(InboxState.Acknowledged, InboxState.Superseded, InboxEvent.Supersede),
        new(InboxState.Purged, InboxState.Superseded, InboxEvent.Supersede),
        new(InboxState.Received, InboxState.ExpiredUnread, InboxEvent.ExpireUnread),
        new(InboxState.Offered, InboxState.ExpiredUnread, InboxEvent.ExpireUnread),
        new(InboxState.Quarantined, InboxState.ExpiredUnread, InboxEvent.ExpireUnread),
    ];

    /// <summary>The states a message ends in because of a notice or its erasure date: nothing of it is left to act on.</summary>
    public static IReadOnlySet<InboxState> Ended { get; } =
        new HashSet<InboxState> { InboxState.Withdrawn, InboxState.ErasureRequested, InboxState.Superseded, InboxState.ExpiredUnread };

    private static readonly FrozenSet<(InboxState From, InboxState To)> Pairs = All.Select(t => (t.From, t.To)).ToFrozenSet();

    /// <summary>True when the table allows moving from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public static bool IsAllowed(InboxState from, InboxState to) => Pairs.Contains((from, to));

    /// <summary>The states the table allows moving from into <paramref name="to"/>.</summary>
    public static IReadOnlyList<InboxState> Into(InboxState to) =>
        [.. All.Where(t => t.To == to).Select(t => t.From).Distinct()];

    /// <summary>Throws unless the table allows the move; <paramref name="from"/> null is entering the inbox.</summary>
    /// <exception cref="InvalidOperationException">The move is not in the table.</exception>
    public static void Require(InboxState? from, InboxState to)
    {
        var allowed = from is { } state ? IsAllowed(state, to) : to == Entry;
        if (!allowed)
        {
            throw new InvalidOperationException(
                $"the inbox state machine has no transition from {(from is { } f ? StateNames.Name(f) : "(new)")} to {StateNames.Name(to)}");
        }
    }
}
