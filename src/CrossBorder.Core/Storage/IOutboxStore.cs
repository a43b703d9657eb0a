using CrossBorder.Contracts.V1;
using CrossBorder.Core.Delivery.States;

namespace CrossBorder.Core.Storage;

/// <summary>
/// The sender's store: sealed messages waiting to leave, their attempts under leases, and their final
/// evidence (receipt or reason). Every state change is a move of <see cref="OutboxTransitions"/> and
/// writes its audit entry in the same transaction (see <see cref="IMessageStore"/>).
/// </summary>
public interface IOutboxStore
{
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

    /// <summary>Counts of outbox messages by state, every <see cref="OutboxState"/> present (zero when none).</summary>
    Task<IReadOnlyDictionary<OutboxState, long>> OutboxCountsAsync(CancellationToken cancellationToken);

    /// <summary>The pending messages per state and the queue time of the oldest: cheap, for gauges and health.</summary>
    Task<OutboxBacklog> OutboxBacklogAsync(CancellationToken cancellationToken);

    /// <summary>The outbox record of a message this participant sent, or null.</summary>
    Task<OutboundRecord?> FindOutboundAsync(string messageId, CancellationToken cancellationToken);

    /// <summary>
    /// Records the references of a notice this participant is about to queue and, for an erasing notice
    /// (<see cref="Delivery.Notices.NoticeRules.Erases"/>), cancels the messages to the same recipient
    /// still waiting to leave (QUEUED or RETRY_WAIT, not one under way): those it names and, for a
    /// consent withdrawal, every other of its conversation. Each becomes CANCELLED (final, sealed bytes
    /// dropped, audit CANCELLED); never another notice. Idempotent. Returns the cancelled ids, in id order.
    /// </summary>
    Task<IReadOnlyList<string>> CancelForNoticeAsync(OutboundNotice notice, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>The queued notices this participant sent about its message <paramref name="messageId"/>, oldest first.</summary>
    Task<IReadOnlyList<NoticeRecord>> NoticesSentAboutAsync(string messageId, CancellationToken cancellationToken);
}
