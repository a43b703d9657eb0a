using CrossBorder.Contracts.V1;

namespace CrossBorder.Core.Storage;

/// <summary>
/// A correction or withdrawal notice being committed to the inbox with the message that carries it
/// (IInboxStore.CommitNoticeAsync).
/// </summary>
/// <param name="Kind">What the notice is about.</param>
/// <param name="CorrectedBy">For a rectification: the message with the corrected data, or null.</param>
/// <param name="References">
/// One result per message reference, in the notice's order: those the notice's own form refuses
/// (<see cref="Delivery.Notices.NoticeRules.Prejudge"/>) already REFUSED, the others UNSPECIFIED,
/// for the store to decide in the commit's transaction.
/// </param>
/// <param name="SignReceipt">
/// Signs the notice's ACCEPTED receipt listing the decided results; called once, inside the commit's
/// transaction, so that the receipt says exactly what was written. Throws <see cref="Errors.RejectedException"/>
/// when this gateway cannot sign: then nothing is written.
/// </param>
public sealed record InboundNotice(
    NoticeKind Kind,
    string? CorrectedBy,
    IReadOnlyList<NoticeReferenceResult> References,
    Func<IReadOnlyList<NoticeReferenceResult>, byte[]> SignReceipt);

/// <summary>A notice this participant submits, before it is queued (IOutboxStore.CancelForNoticeAsync).</summary>
/// <param name="NoticeId">The notice's message id.</param>
/// <param name="Recipient">Who it goes to.</param>
/// <param name="ConversationId">Its conversation.</param>
/// <param name="Kind">What it is about.</param>
/// <param name="References">The messages it names.</param>
/// <param name="CorrectedBy">For a rectification: the message with the corrected data, or null.</param>
public sealed record OutboundNotice(
    string NoticeId,
    string Recipient,
    string ConversationId,
    NoticeKind Kind,
    IReadOnlyList<string> References,
    string? CorrectedBy);

/// <summary>A notice about one message, as stored.</summary>
/// <param name="NoticeId">The notice's message id.</param>
/// <param name="Kind">What it is about.</param>
/// <param name="CorrectedBy">For a rectification: the corrected message, or null.</param>
/// <param name="Outcome">
/// Received notices: APPLIED or AWAITED (applied when the message arrives). Sent notices:
/// UNSPECIFIED (the recipient's answer is in the notice's receipt).
/// </param>
/// <param name="At">When it was received, or submitted.</param>
public sealed record NoticeRecord(string NoticeId, NoticeKind Kind, string? CorrectedBy, NoticeReferenceOutcome Outcome, DateTimeOffset At);
