using CrossBorder.Contracts.V1;
using CrossBorder.Core.Delivery.States;

namespace CrossBorder.Core.Delivery.Notices;

/// <summary>
/// What a correction or withdrawal notice does, in one place for the sending and the receiving
/// gateway: the form a notice must have, which of its references are refused for its own form,
/// and the state a referenced inbox message moves to.
/// </summary>
public static class NoticeRules
{
    /// <summary>The most message references one notice may carry.</summary>
    public const int MaxReferences = 100;

    /// <summary>True for the kinds that ask for the data to be gone: consent withdrawal, erasure, wrong transfer.</summary>
    public static bool Erases(NoticeKind kind) =>
        kind is NoticeKind.ConsentWithdrawal or NoticeKind.Erasure or NoticeKind.WrongTransfer;

    /// <summary>
    /// The notice's form, checked on submit and on receipt: a known kind and 1 to
    /// <see cref="MaxReferences"/> references. Null when it has it; otherwise INVALID_FORMAT
    /// (the whole notice is refused, nothing is applied).
    /// </summary>
    public static Refusal? CheckForm(CorrectionOrWithdrawalNotice notice)
    {
        ArgumentNullException.ThrowIfNull(notice);
        if (notice.Kind is not (NoticeKind.ConsentWithdrawal or NoticeKind.Rectification or NoticeKind.Erasure or NoticeKind.WrongTransfer))
        {
            return new Refusal(ReasonCode.InvalidFormat, "a notice names its kind: consent withdrawal, rectification, erasure or wrong transfer");
        }

        if (notice.MessageReferences.Count == 0)
        {
            return new Refusal(ReasonCode.InvalidFormat, "a notice names at least one message");
        }

        if (notice.MessageReferences.Count > MaxReferences)
        {
            return new Refusal(ReasonCode.InvalidFormat, $"a notice names at most {MaxReferences} messages");
        }

        if (notice.CorrectedBy.Length > 0 && notice.Kind != NoticeKind.Rectification)
        {
            return new Refusal(ReasonCode.InvalidFormat, "only a rectification names a corrected message");
        }

        return null;
    }

    /// <summary>
    /// One result per reference, in order: REFUSED MALFORMED for a reference that is not a message
    /// id, that is listed a second time, that names the notice itself or the corrected message;
    /// UNSPECIFIED (to be decided against the inbox) for the others.
    /// </summary>
    public static IReadOnlyList<NoticeReferenceResult> Prejudge(CorrectionOrWithdrawalNotice notice, string noticeId)
    {
        ArgumentNullException.ThrowIfNull(notice);
        ArgumentNullException.ThrowIfNull(noticeId);
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var results = new List<NoticeReferenceResult>(notice.MessageReferences.Count);
        foreach (var reference in notice.MessageReferences)
        {
            var malformed = !MessageIds.IsId(reference)
                || !seen.Add(reference)
                || reference == noticeId
                || reference == notice.CorrectedBy;
            results.Add(new NoticeReferenceResult
            {
                MessageId = reference,
                Outcome = malformed ? NoticeReferenceOutcome.Refused : NoticeReferenceOutcome.Unspecified,
                Reason = malformed ? ReasonCode.Malformed : ReasonCode.Unspecified,
            });
        }

        return results;
    }

    /// <summary>
    /// The state a notice of <paramref name="kind"/> moves a referenced message in <paramref name="current"/>
    /// to; null when the message has already ended (withdrawn, erased, superseded or expired): the
    /// notice is applied, and nothing of it is left to change.
    /// </summary>
    public static InboxState? Target(NoticeKind kind, InboxState current)
    {
        if (InboxTransitions.Ended.Contains(current))
        {
            return null;
        }

        if (kind == NoticeKind.Rectification)
        {
            return InboxState.Superseded;
        }

        if (!Erases(kind))
        {
            throw new ArgumentOutOfRangeException(nameof(kind), kind, "not a notice kind that acts on messages");
        }

        return current is InboxState.Acknowledged or InboxState.Purged ? InboxState.ErasureRequested : InboxState.Withdrawn;
    }

    /// <summary>Of two notices awaiting the same message, the one that applies: erasing wins over rectifying, else the first.</summary>
    public static bool Outranks(NoticeKind candidate, NoticeKind held) => Erases(candidate) && !Erases(held);
}
