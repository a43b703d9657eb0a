namespace CrossBorder.Core.Delivery.States;

/// <summary>
/// The state an audit entry records: every outbox and inbox state (see <see cref="AuditStates"/>)
/// and three that belong to no box.
/// </summary>
public enum AuditState
{
    /// <summary>Sender: accepted from a local client (audit only, just before <see cref="Queued"/>).</summary>
    Submitted,

    /// <summary>Sender: <see cref="OutboxState.Queued"/>.</summary>
    Queued,

    /// <summary>Sender: <see cref="OutboxState.Sending"/>.</summary>
    Sending,

    /// <summary>Sender: <see cref="OutboxState.RetryWait"/>.</summary>
    RetryWait,

    /// <summary>Sender: <see cref="OutboxState.Delivered"/>.</summary>
    Delivered,

    /// <summary>
    /// Sender: <see cref="OutboxState.Rejected"/>. Receiver (audit only): an inbound message refused
    /// with its reason code, that never reached the inbox.
    /// </summary>
    Rejected,

    /// <summary>Sender: <see cref="OutboxState.Failed"/>.</summary>
    Failed,

    /// <summary>Sender: <see cref="OutboxState.Cancelled"/>.</summary>
    Cancelled,

    /// <summary>Receiver: <see cref="InboxState.Received"/>.</summary>
    Received,

    /// <summary>Receiver: <see cref="InboxState.Offered"/>.</summary>
    Offered,

    /// <summary>Receiver: <see cref="InboxState.Acknowledged"/>.</summary>
    Acknowledged,

    /// <summary>Receiver: <see cref="InboxState.Purged"/>.</summary>
    Purged,

    /// <summary>Receiver: <see cref="InboxState.Quarantined"/>, with the failure's reason code.</summary>
    Quarantined,

    /// <summary>
    /// Receiver (audit only): refusals of unauthenticated bytes from one peer counted in one window:
    /// no message id, the reason code, the count as the attempt, the window's end as the time.
    /// </summary>
    Refusals,

    /// <summary>Receiver: <see cref="InboxState.Withdrawn"/>.</summary>
    Withdrawn,

    /// <summary>Receiver: <see cref="InboxState.ErasureRequested"/>.</summary>
    ErasureRequested,

    /// <summary>Receiver: <see cref="InboxState.Superseded"/>.</summary>
    Superseded,

    /// <summary>Receiver: <see cref="InboxState.ExpiredUnread"/>.</summary>
    ExpiredUnread,

    /// <summary>
    /// Receiver (audit only): a notice named a message of its sender that has not arrived; the
    /// entry is the referenced message's, with the notice's sealed digest. Applied on arrival.
    /// </summary>
    NoticeAwaited,

    /// <summary>
    /// Receiver (audit only): a notice's reference was refused; the entry is the notice's, with the
    /// reason code and the reference's position in the notice (from 1) as the attempt.
    /// </summary>
    NoticeRefused,
}
