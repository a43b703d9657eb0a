namespace CrossBorder.Core.Delivery.States;

/// <summary>What moves a message from one <see cref="OutboxState"/> to another.</summary>
public enum OutboxEvent
{
    /// <summary>A due message (first attempt or next attempt) is claimed for an attempt under a lease.</summary>
    Claim,

    /// <summary>A message whose lease ran out while SENDING (a crash or a lost attempt) is claimed again.</summary>
    Reclaim,

    /// <summary>The attempt holding the lease came back with a verified ACCEPTED receipt.</summary>
    Deliver,

    /// <summary>The attempt holding the lease was refused for good.</summary>
    Reject,

    /// <summary>The attempt holding the lease failed transiently; the next attempt is scheduled.</summary>
    Retry,

    /// <summary>
    /// A verified ACCEPTED receipt of an earlier attempt came back after the message moved on: the
    /// recipient has the message, and the evidence must say so.
    /// </summary>
    LateDelivery,

    /// <summary>A pending message passed its expiry undelivered: the non-delivery evidence.</summary>
    Expire,

    /// <summary>A notice of this participant cancelled a message still waiting to leave.</summary>
    Cancel,
}
