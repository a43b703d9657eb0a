namespace CrossBorder.Core.Delivery.States;

/// <summary>
/// The states of a message in the receiver's inbox (ARCHITECTURE.md). The allowed moves between
/// them are listed once, in <see cref="InboxTransitions"/>; their stored texts in <see cref="StateNames"/>.
/// </summary>
public enum InboxState
{
    /// <summary>Committed to the inbox with its signed receipt.</summary>
    Received,

    /// <summary>Offered to a local client at least once.</summary>
    Offered,

    /// <summary>Acknowledged by a local client; never offered again.</summary>
    Acknowledged,

    /// <summary>Sealed bytes deleted after acknowledgement plus retention; ids, digest and receipt remain.</summary>
    Purged,

    /// <summary>Could not be opened for reading, repeatedly; never offered again.</summary>
    Quarantined,

    /// <summary>
    /// A consent withdrawal, erasure or wrong-transfer notice of its sender came before it was
    /// acknowledged: never offered, sealed bytes purged; ids, digest and receipt remain.
    /// </summary>
    Withdrawn,

    /// <summary>
    /// A consent withdrawal, erasure or wrong-transfer notice of its sender came after it was
    /// acknowledged: sealed bytes purged; the application, which has it, must erase it (the notice is offered first).
    /// </summary>
    ErasureRequested,

    /// <summary>A rectification notice of its sender replaced it (by the corrected message, when named): never offered again, sealed bytes purged.</summary>
    Superseded,

    /// <summary>Its retention's erasure date came before it was acknowledged: never offered, sealed bytes purged.</summary>
    ExpiredUnread,
}
