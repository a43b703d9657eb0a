using CrossBorder.Contracts.V1;
using CrossBorder.Core.Envelopes;
using CrossBorder.Core.Storage;

namespace CrossBorder.Core.Delivery.Inbound;

/// <summary>
/// Commits an accepted message and its signed ACCEPTED receipt to the inbox in one transaction
/// (the receipt is answered only after this), and keeps the opened message for its first read.
/// </summary>
public sealed class InboxCommit(IInboxStore inbox, OpenedInbox opened)
{
    /// <summary>Committed, or the message a concurrent delivery of the same id committed first.</summary>
    public async Task<InboundCommit> CommitAsync(InboundMessage message, OpenedEnvelope envelope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        var commit = await inbox.CommitInboundAsync(message, cancellationToken).ConfigureAwait(false);
        if (commit.Committed && !commit.Ended)
        {
            opened.Remember(message.Sender, message.MessageId, message.Envelope.Span, envelope);
        }

        return commit;
    }

    /// <summary>Commits a notice and applies it (<see cref="IInboxStore.CommitNoticeAsync"/>), or the message a concurrent delivery committed first.</summary>
    public async Task<InboundCommit> CommitNoticeAsync(InboundMessage message, InboundNotice notice, OpenedEnvelope envelope, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(notice);
        IReadOnlyList<NoticeReferenceResult> decided = [];
        var commit = await inbox.CommitNoticeAsync(
            message,
            notice with { SignReceipt = results => notice.SignReceipt(decided = results) },
            cancellationToken).ConfigureAwait(false);
        if (commit.Committed)
        {
            opened.Remember(message.Sender, message.MessageId, message.Envelope.Span, envelope);

            // A message the notice ended is never read: its plaintext kept from its receipt goes too.
            foreach (var applied in decided.Where(r => r.Outcome == NoticeReferenceOutcome.Applied))
            {
                opened.Forget(message.Sender, applied.MessageId);
            }
        }

        return commit;
    }
}
