using CrossBorder.Contracts.V1;

namespace CrossBorder.Core.Storage;

/// <summary>
/// The storage seam of one gateway: the outbox (what this participant sends), the inbox (what it
/// received), the receipts, the seen-id window and the hash-chained audit trail. Every method is
/// one transaction: when it returns, what it wrote is durable; when it throws, nothing of it is.
/// Stored envelopes are sealed (ciphertext); audit entries hold ids, codes and digests, never a
/// payload value. SQLite (one file, WAL) is the default implementation; PostgreSQL can follow.
/// </summary>
public interface IMessageStore : IAsyncDisposable
{
    /// <summary>Creates or upgrades the schema. Called once before anything else.</summary>
    Task InitializeAsync(CancellationToken cancellationToken);

    // ---- sender side -------------------------------------------------------------------------

    /// <summary>
    /// Queues a sealed message: state QUEUED, due at once (<see cref="OutboundMessage.CreatedAt"/>),
    /// audit SUBMITTED then QUEUED. Throws <see cref="DuplicateMessageException"/> when the id is
    /// already in the outbox, <see cref="DuplicateSubmissionException"/> when the same local role
    /// already queued a message under the same submission key.
    /// </summary>
    Task EnqueueAsync(OutboundMessage message, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// As <see cref="EnqueueAsync"/>, and claimed for its first attempt in the same transaction:
    /// state SENDING, attempt 1, leased until <paramref name="now"/> + <paramref name="lease"/>;
    /// audit SUBMITTED, QUEUED, SENDING. Saves a commit when a delivery slot is free at once.
    /// </summary>
    Task EnqueueClaimedAsync(OutboundMessage message, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken);

    /// <summary>
    /// Claims up to <paramref name="max"/> messages that are due: QUEUED or RETRY_WAIT with their
    /// next attempt at or before <paramref name="now"/>, or SENDING whose lease ran out (a crash
    /// while dispatching), oldest due first, not yet expired. Each becomes SENDING with its attempt
    /// count raised by one and a lease until <paramref name="now"/> + <paramref name="lease"/>;
    /// audit SENDING with the attempt number.
    /// </summary>
    Task<IReadOnlyList<OutboundMessage>> ClaimDueAsync(DateTimeOffset now, int max, TimeSpan lease, CancellationToken cancellationToken);

    /// <summary>
    /// Ends every lease at once: called when the one process that owns the store starts, so that
    /// messages it was sending when it stopped or crashed are due again immediately instead of
    /// when their leases would have run out. Returns how many.
    /// </summary>
    Task<int> ReleaseLeasesAsync(DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>The message a local role queued under a submission key, or null.</summary>
    Task<OutboundRecord?> FindSubmissionAsync(string submittedBy, string submissionKey, CancellationToken cancellationToken);

    /// <summary>When the next pending message falls due (next attempt or lease end); null when none is pending.</summary>
    Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken);

    /// <summary>
    /// Records the end of attempt <paramref name="attempt"/> of a SENDING message. The attempt
    /// number is the lease's fence: each claim raises it, so the outcome is written only while the
    /// lease of that attempt is still the message's own. Ignored (returns false) when the message
    /// is no longer SENDING (already final) or was claimed again since (its lease ran out and
    /// another attempt took it over), so a late or superseded completion changes nothing — except a
    /// delivery (its receipt verified), which is written over SENDING, RETRY_WAIT or FAILED whichever
    /// attempt it ends: the recipient has the message, and the evidence must say so.
    /// A final outcome (delivered, rejected) discards the sealed bytes, as expiry does: from then on
    /// the digest, the receipt and the audit trail are the evidence of what was sent.
    /// </summary>
    Task<bool> CompleteAttemptAsync(string messageId, int attempt, AttemptOutcome outcome, CancellationToken cancellationToken);

    /// <summary>
    /// Every pending message (QUEUED, RETRY_WAIT, or SENDING with its lease run out) whose expiry
    /// is before <paramref name="now"/> becomes FAILED with reason <paramref name="reason"/>: the
    /// non-delivery evidence. Returns their ids.
    /// </summary>
    Task<IReadOnlyList<string>> ExpireAsync(DateTimeOffset now, ReasonCode reason, CancellationToken cancellationToken);

    /// <summary>Counts of outbox messages by state (QUEUED, SENDING, RETRY_WAIT, DELIVERED, REJECTED, FAILED).</summary>
    Task<IReadOnlyDictionary<string, long>> OutboxCountsAsync(CancellationToken cancellationToken);

    // ---- receiver side -----------------------------------------------------------------------

    /// <summary>The stored record of an inbound (sender, message id), or null when never committed.</summary>
    Task<InboundRecord?> FindInboundAsync(string sender, string messageId, CancellationToken cancellationToken);

    /// <summary>
    /// Commits an accepted inbound message with its signed receipt: inbox state RECEIVED, audit
    /// RECEIVED. When (sender, message id) is already stored, nothing is written and the stored
    /// record is returned (<see cref="InboundCommit.Existing"/>), whatever its digest.
    /// </summary>
    Task<InboundCommit> CommitInboundAsync(InboundMessage message, CancellationToken cancellationToken);

    /// <summary>Records a refused inbound message in the audit trail (REJECTED with its code); nothing reaches the inbox.</summary>
    Task RecordInboundRejectionAsync(string sender, string messageId, byte[] sealedSha256, ReasonCode reason, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>
    /// Records the refusals of one peer's window that were counted rather than audited one by one:
    /// one <see cref="MessageStates.Refusals"/> entry per reason code (direction IN, no message id,
    /// the count in <see cref="AuditEntry.Attempt"/>, <paramref name="windowEnd"/> as its time), in one transaction.
    /// </summary>
    Task RecordRefusalsAsync(string peer, IReadOnlyDictionary<ReasonCode, int> counts, DateTimeOffset windowEnd, CancellationToken cancellationToken);

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
    /// Acknowledges an inbox message of one of the given types: ACKNOWLEDGED, never offered again,
    /// audit ACKNOWLEDGED. Acknowledging again answers the first acknowledgement's time. Null
    /// when no such message is in the inbox (or its type is not among <paramref name="types"/>).
    /// </summary>
    Task<DateTimeOffset?> AcknowledgeAsync(string sender, string messageId, IReadOnlySet<MessageType> types, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>
    /// Purges the sealed bytes of messages acknowledged at or before <paramref name="acknowledgedBefore"/>:
    /// state PURGED, audit PURGED; ids, digest and receipt remain. Returns how many.
    /// </summary>
    Task<int> PurgeAsync(DateTimeOffset acknowledgedBefore, DateTimeOffset now, CancellationToken cancellationToken);

    // ---- evidence ----------------------------------------------------------------------------

    /// <summary>The outbox record of a message this participant sent, or null.</summary>
    Task<OutboundRecord?> FindOutboundAsync(string messageId, CancellationToken cancellationToken);

    /// <summary>The audit entries about one message id, in order (both directions).</summary>
    Task<IReadOnlyList<AuditEntry>> TrailAsync(string messageId, CancellationToken cancellationToken);

    /// <summary>Recomputes the audit hash chain from the first entry; the first broken entry if any.</summary>
    Task<AuditVerification> VerifyAuditAsync(CancellationToken cancellationToken);
}

/// <summary>A sealed message to send, as queued.</summary>
/// <param name="MessageId">128-bit id, 32 lower-case hex digits (creation millisecond, then random bits).</param>
/// <param name="ConversationId">Random conversation id.</param>
/// <param name="Recipient">The receiving participant, e.g. <c>AL/NCP</c>.</param>
/// <param name="MessageType">The message type.</param>
/// <param name="SubmittedBy">The local role that submitted it.</param>
/// <param name="Envelope">The encoded <see cref="SealedEnvelope"/>: exactly the bytes every attempt sends.</param>
/// <param name="SealedSha256">SHA-256 of the sealed CMS bytes (the receipt's digest).</param>
/// <param name="CreatedAt">When it was sealed.</param>
/// <param name="ExpiresAt">After this it is not sent any more.</param>
/// <param name="Attempts">Attempts so far (0 when queued; a claim counts one more).</param>
/// <param name="TraceParent">W3C traceparent of the submit, so that the trace continues after a restart.</param>
/// <param name="SubmissionKey">The client's key for this submission (unique per local role), or null.</param>
public sealed record OutboundMessage(
    string MessageId,
    string ConversationId,
    string Recipient,
    MessageType MessageType,
    string SubmittedBy,
    ReadOnlyMemory<byte> Envelope,
    byte[] SealedSha256,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    int Attempts,
    string? TraceParent,
    string? SubmissionKey = null);

/// <summary>How one delivery attempt ended.</summary>
public abstract record AttemptOutcome(DateTimeOffset At)
{
    /// <summary>A verified ACCEPTED receipt: DELIVERED (final).</summary>
    public sealed record Delivered(byte[] SignedReceipt, DateTimeOffset At) : AttemptOutcome(At);

    /// <summary>Refused for good (a REJECTED receipt, or a permanent error): REJECTED (final).</summary>
    public sealed record Rejected(ReasonCode Reason, byte[]? SignedReceipt, DateTimeOffset At) : AttemptOutcome(At);

    /// <summary>A transient failure: RETRY_WAIT until <paramref name="NextAttemptAt"/>.</summary>
    public sealed record Retry(ReasonCode Reason, DateTimeOffset NextAttemptAt, DateTimeOffset At) : AttemptOutcome(At);
}

/// <summary>The outbox record of a message.</summary>
public sealed record OutboundRecord(
    string MessageId,
    string ConversationId,
    string Recipient,
    MessageType MessageType,
    string SubmittedBy,
    string State,
    ReasonCode LastReason,
    int Attempts,
    byte[] SealedSha256,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    DateTimeOffset? NextAttemptAt,
    byte[]? SignedReceipt,
    string? TraceParent);

/// <summary>An inbound message accepted for the inbox.</summary>
/// <param name="Sender">The sending participant.</param>
/// <param name="MessageId">Its id.</param>
/// <param name="ConversationId">Its conversation.</param>
/// <param name="MessageType">Its type (reading is per type).</param>
/// <param name="Envelope">The encoded <see cref="SealedEnvelope"/> exactly as received.</param>
/// <param name="SealedSha256">SHA-256 of the sealed CMS bytes.</param>
/// <param name="ReceivedAt">When it was received.</param>
/// <param name="ExpiresAt">Its expiry: the seen id is kept at least until then plus the allowed skew.</param>
/// <param name="SignedReceipt">The ACCEPTED receipt, answered again for a duplicate.</param>
/// <param name="TraceParent">W3C traceparent of the delivery.</param>
/// <param name="RouteSha256">The routing header's digest (<c>RouteDigest</c>): a repeat must carry the same header.</param>
public sealed record InboundMessage(
    string Sender,
    string MessageId,
    string ConversationId,
    MessageType MessageType,
    ReadOnlyMemory<byte> Envelope,
    byte[] SealedSha256,
    DateTimeOffset ReceivedAt,
    DateTimeOffset ExpiresAt,
    byte[] SignedReceipt,
    string? TraceParent,
    byte[]? RouteSha256 = null);

/// <summary>What is stored about an inbound (sender, message id).</summary>
/// <param name="Sender">The sending participant.</param>
/// <param name="MessageId">Its id.</param>
/// <param name="MessageType">Its type.</param>
/// <param name="State">RECEIVED, OFFERED, ACKNOWLEDGED, PURGED or QUARANTINED.</param>
/// <param name="SealedSha256">SHA-256 of the sealed CMS bytes.</param>
/// <param name="SignedReceipt">The ACCEPTED receipt, answered again for a repeat.</param>
/// <param name="ReceivedAt">When it was received.</param>
/// <param name="AcknowledgedAt">When it was first acknowledged, or null.</param>
/// <param name="RouteSha256">The routing header's digest; null for a message stored before it was kept.</param>
public sealed record InboundRecord(
    string Sender,
    string MessageId,
    MessageType MessageType,
    string State,
    byte[] SealedSha256,
    byte[] SignedReceipt,
    DateTimeOffset ReceivedAt,
    DateTimeOffset? AcknowledgedAt,
    byte[]? RouteSha256 = null);

/// <summary>The result of <see cref="IMessageStore.CommitInboundAsync"/>.</summary>
/// <param name="Committed">True when this call stored it.</param>
/// <param name="Existing">The record already stored under the same (sender, id) when not committed.</param>
public sealed record InboundCommit(bool Committed, InboundRecord? Existing);

/// <summary>An inbox message offered to a local client; the envelope is opened when read.</summary>
public sealed record InboxItem(
    string Sender,
    string MessageId,
    MessageType MessageType,
    ReadOnlyMemory<byte> Envelope,
    DateTimeOffset ReceivedAt,
    string? TraceParent);

/// <summary>One audit entry: ids, states, codes and digests only.</summary>
/// <param name="Sequence">Position in the chain, from 1.</param>
/// <param name="At">When.</param>
/// <param name="MessageId">The message it is about.</param>
/// <param name="Direction"><c>OUT</c> (we send) or <c>IN</c> (we receive).</param>
/// <param name="Peer">The other participant.</param>
/// <param name="State">SUBMITTED, QUEUED, SENDING, RETRY_WAIT, DELIVERED, REJECTED, FAILED, RECEIVED, OFFERED, ACKNOWLEDGED, PURGED, QUARANTINED, REFUSALS.</param>
/// <param name="Reason">The reason code (UNSPECIFIED when none).</param>
/// <param name="Attempt">Attempt number for SENDING, RETRY_WAIT and the final states of the outbox; the count for REFUSALS.</param>
/// <param name="SealedSha256">SHA-256 of the sealed bytes it is about.</param>
/// <param name="PreviousHash">The previous entry's hash (32 zero bytes for the first).</param>
/// <param name="Hash">SHA-256 over the previous hash and this entry's fields.</param>
public sealed record AuditEntry(
    long Sequence,
    DateTimeOffset At,
    string MessageId,
    string Direction,
    string Peer,
    string State,
    ReasonCode Reason,
    int Attempt,
    byte[] SealedSha256,
    byte[] PreviousHash,
    byte[] Hash);

/// <summary>The result of recomputing the audit chain.</summary>
/// <param name="Entries">Entries checked.</param>
/// <param name="FirstBroken">The sequence of the first entry whose hash or link does not hold; null when the chain holds.</param>
public sealed record AuditVerification(long Entries, long? FirstBroken);

/// <summary>The message id is already in the outbox.</summary>
public sealed class DuplicateMessageException(string messageId) : Exception($"message {messageId} is already queued");

/// <summary>The local role already queued a message under this submission key.</summary>
public sealed class DuplicateSubmissionException(string messageId) : Exception($"the submission was already queued as {messageId}")
{
    /// <summary>The message queued first under the key.</summary>
    public string MessageId { get; } = messageId;
}
