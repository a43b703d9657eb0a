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
}
