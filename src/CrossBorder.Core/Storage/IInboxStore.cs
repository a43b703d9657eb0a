using CrossBorder.Contracts.V1;
using CrossBorder.Core.Delivery.States;

namespace CrossBorder.Core.Storage;

/// <summary>
/// The receiver's store: accepted messages (sealed, as received) with their signed receipts, the
/// seen-id window that answers repeats, and the reading states. Every state change is a move of
/// <see cref="InboxTransitions"/> and writes its audit entry in the same transaction (see <see cref="IMessageStore"/>).
/// </summary>
public interface IInboxStore
{
    /// <summary>The stored record of an inbound (sender, message id), or null when never committed.</summary>
    Task<InboundRecord?> FindInboundAsync(string sender, string messageId, CancellationToken cancellationToken);

    /// <summary>
    /// Commits an accepted inbound message with its signed receipt: inbox state RECEIVED, audit
    /// RECEIVED. When (sender, message id) is already stored, nothing is written and the stored
    /// record is returned (<see cref="InboundCommit.Existing"/>), whatever its digest.
    /// </summary>
    Task<InboundCommit> CommitInboundAsync(InboundMessage message, CancellationToken cancellationToken);

    /// <summary>
    /// Up to <paramref name="max"/> unacknowledged, unpurged, unquarantined inbox messages of the given types,
    /// oldest received first. The first time a message is offered it becomes OFFERED (audit OFFERED).
    /// </summary>
    Task<IReadOnlyList<InboxItem>> OfferAsync(IReadOnlySet<MessageType> types, int max, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Records that an offered inbox message could not be opened for reading (its key is gone, or its
    /// stored bytes are damaged). At the <paramref name="quarantineAfter"/>-th failure it becomes
    /// QUARANTINED: never offered again, audit QUARANTINED with <paramref name="reason"/>. True when
    /// this call quarantined it; false before the limit or when it is no longer offerable.
    /// </summary>
    Task<bool> RecordOpenFailureAsync(string sender, string messageId, ReasonCode reason, int quarantineAfter, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Acknowledges inbox messages of the given types, whether RECEIVED, OFFERED or QUARANTINED, in
    /// one transaction: ACKNOWLEDGED, never offered again, audit ACKNOWLEDGED. One answer per key, in
    /// order: the time of the message's first acknowledgement (acknowledging again, or twice in one
    /// batch, answers that time), or null when no such message is in the inbox (or its type is not
    /// among <paramref name="types"/>).
    /// </summary>
    Task<IReadOnlyList<DateTimeOffset?>> AcknowledgeAsync(IReadOnlyList<InboxKey> messages, IReadOnlySet<MessageType> types, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Purges the sealed bytes of messages acknowledged at or before <paramref name="acknowledgedBefore"/>:
    /// state PURGED, audit PURGED; ids, digest and receipt remain. Returns how many.
    /// </summary>
    Task<int> PurgeAsync(DateTimeOffset acknowledgedBefore, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Commits a correction or withdrawal notice as <see cref="CommitInboundAsync"/> commits any message,
    /// and in the same transaction applies it to the messages it names that its sender sent here:
    /// an erasing notice (<see cref="Delivery.Notices.NoticeRules.Erases"/>) moves an unacknowledged
    /// one to WITHDRAWN and an acknowledged one to ERASURE_REQUESTED, a rectification moves it to
    /// SUPERSEDED; the sealed bytes are purged and each move is audited. A reference to a message not
    /// received yet from the sender is kept (audit NOTICE_AWAITED) and applied when the message
    /// arrives, in its commit. A reference to a message of another sender, to one this participant
    /// sent, or to another notice is refused NOT_AUTHORIZED (audit NOTICE_REFUSED on the notice).
    /// The notice's receipt (<see cref="InboundNotice.SignReceipt"/>) is signed over the results in
    /// this transaction and stored with the notice. A notice already stored is answered as a repeat
    /// (<see cref="InboundCommit.Existing"/>), changing nothing. <paramref name="message"/>'s receipt is ignored.
    /// </summary>
    Task<InboundCommit> CommitNoticeAsync(InboundMessage message, InboundNotice notice, CancellationToken cancellationToken);

    /// <summary>
    /// Enforces the erasure dates of received messages: every message whose erasure date began at or
    /// before <paramref name="now"/> loses its sealed bytes; unacknowledged it becomes EXPIRED_UNREAD
    /// (never offered), acknowledged it becomes PURGED. Up to <paramref name="max"/> per call; returns how many.
    /// </summary>
    Task<int> EraseDueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken);

    /// <summary>The notices <paramref name="sender"/> sent about its message <paramref name="messageId"/>, oldest first.</summary>
    Task<IReadOnlyList<NoticeRecord>> NoticesReceivedAboutAsync(string sender, string messageId, CancellationToken cancellationToken);
}
