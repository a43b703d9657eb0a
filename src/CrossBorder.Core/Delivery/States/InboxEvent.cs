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

    /// <summary>The retention after acknowledgement ended: the sealed bytes are deleted.</summary>
    Purge,
}
