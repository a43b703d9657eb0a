namespace CrossBorder.Core.Delivery.States;

/// <summary>What moves a message from one <see cref="InboxState"/> to another.</summary>
public enum InboxEvent
{
    /// <summary>A local client is offered the message for the first time.</summary>
    Offer,

    /// <summary>The message failed to open for reading as often as allowed.</summary>
    Quarantine,

    /// <summary>A local client acknowledged the message (also a quarantined one, by its id).</summary>
    Acknowledge,

    /// <summary>The retention after acknowledgement ended, or the erasure date came: the sealed bytes are deleted.</summary>
    Purge,

    /// <summary>A withdrawal, erasure or wrong-transfer notice about an unacknowledged message.</summary>
    Withdraw,

    /// <summary>A withdrawal, erasure or wrong-transfer notice about an acknowledged message.</summary>
    RequestErasure,

    /// <summary>A rectification notice about the message.</summary>
    Supersede,

    /// <summary>The erasure date of an unacknowledged message came.</summary>
    ExpireUnread,
}
