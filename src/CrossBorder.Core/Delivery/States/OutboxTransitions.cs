using System.Collections.Frozen;

namespace CrossBorder.Core.Delivery.States;

/// <summary>
/// The outbox state machine: the one table of allowed moves. A store checks every state change it
/// writes against it; a change not listed is a bug and is refused before anything of it commits.
/// </summary>
public static class OutboxTransitions
{
    /// <summary>The state a message enters the outbox in (audited SUBMITTED, then QUEUED).</summary>
    public const OutboxState Entry = OutboxState.Queued;

    /// <summary>Every allowed move, with its cause.</summary>
    public static IReadOnlyList<Transition<OutboxState, OutboxEvent>> All { get; } =
    [
        new(OutboxState.Queued, OutboxState.Sending, OutboxEvent.Claim),
        new(OutboxState.RetryWait, OutboxState.Sending, OutboxEvent.Claim),
        new(OutboxState.Sending, OutboxState.Sending, OutboxEvent.Reclaim),
        new(OutboxState.Sending, OutboxState.Delivered, OutboxEvent.Deliver),
        new(OutboxState.Sending, OutboxState.Rejected, OutboxEvent.Reject),
        new(OutboxState.Sending, OutboxState.RetryWait, OutboxEvent.Retry),
        new(OutboxState.RetryWait, OutboxState.Delivered, OutboxEvent.LateDelivery),
        new(OutboxState.Failed, OutboxState.Delivered, OutboxEvent.LateDelivery),
        new(OutboxState.Queued, OutboxState.Failed, OutboxEvent.Expire),
        new(OutboxState.RetryWait, OutboxState.Failed, OutboxEvent.Expire),
        new(OutboxState.Sending, OutboxState.Failed, OutboxEvent.Expire),
        new(OutboxState.Queued, OutboxState.Cancelled, OutboxEvent.Cancel),
        new(OutboxState.RetryWait, OutboxState.Cancelled, OutboxEvent.Cancel),
    ];

    private static readonly FrozenSet<(OutboxState From, OutboxState To)> Pairs = All.Select(t => (t.From, t.To)).ToFrozenSet();

    /// <summary>True when the table allows moving from <paramref name="from"/> to <paramref name="to"/>.</summary>
    public static bool IsAllowed(OutboxState from, OutboxState to) => Pairs.Contains((from, to));

    /// <summary>The states the table allows moving from into <paramref name="to"/>.</summary>
    public static IReadOnlyList<OutboxState> Into(OutboxState to) =>
        [.. All.Where(t => t.To == to).Select(t => t.From).Distinct()];

    /// <summary>Throws unless the table allows the move; <paramref name="from"/> null is entering the outbox.</summary>
    /// <exception cref="InvalidOperationException">The move is not in the table.</exception>
    public static void Require(OutboxState? from, OutboxState to)
    {
        var allowed = from is { } state ? IsAllowed(state, to) : to == Entry;
        if (!allowed)
        {
            throw new InvalidOperationException(
                $"the outbox state machine has no transition from {(from is { } f ? StateNames.Name(f) : "(new)")} to {StateNames.Name(to)}");
        }
    }
}
