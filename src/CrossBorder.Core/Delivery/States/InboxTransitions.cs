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
    ];

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
