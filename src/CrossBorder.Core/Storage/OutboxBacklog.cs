using CrossBorder.Core.Delivery.States;

namespace CrossBorder.Core.Storage;

/// <summary>
/// What the outbox still has to send: how many messages wait in each pending state (QUEUED,
/// SENDING, RETRY_WAIT; zero when none) and since when the oldest of them was queued. What alerts
/// watch, read cheaply: final states are not counted.
/// </summary>
/// <param name="Pending">Messages per pending state, every pending state present.</param>
/// <param name="OldestQueuedAt">When the oldest pending message was queued; null when none is pending.</param>
public sealed record OutboxBacklog(IReadOnlyDictionary<OutboxState, long> Pending, DateTimeOffset? OldestQueuedAt)
{
    /// <summary>The states a message waits in before its final one.</summary>
    public static IReadOnlyList<OutboxState> PendingStates { get; } = [OutboxState.Queued, OutboxState.Sending, OutboxState.RetryWait];
}
