namespace CrossBorder.Core.Delivery.States;

/// <summary>
/// The states of a message in the sender's outbox (ARCHITECTURE.md). The allowed moves between
/// them are listed once, in <see cref="OutboxTransitions"/>; their stored texts in <see cref="StateNames"/>.
/// </summary>
public enum OutboxState
{
    /// <summary>Sealed and durable in the outbox, due for its first attempt.</summary>
    Queued,

    /// <summary>An attempt is under way, held by a lease.</summary>
    Sending,

    /// <summary>The last attempt failed transiently; the next one is scheduled.</summary>
    RetryWait,

    /// <summary>A verified ACCEPTED receipt came back (final).</summary>
    Delivered,

    /// <summary>Refused for good: a REJECTED receipt or a permanent error (final).</summary>
    Rejected,

    /// <summary>Expired undelivered: the non-delivery evidence (final, unless a late receipt proves delivery).</summary>
    Failed,

    /// <summary>
    /// A withdrawal, erasure or wrong-transfer notice of this participant cancelled it before it left
    /// (final): sealed bytes dropped, evidence kept.
    /// </summary>
    Cancelled,
}
