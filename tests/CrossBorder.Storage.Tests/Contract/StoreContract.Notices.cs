using CrossBorder.Contracts.V1;
using CrossBorder.Core.Delivery.Notices;
using CrossBorder.Core.Delivery.States;
using CrossBorder.Core.Errors;
using CrossBorder.Core.Storage;

namespace CrossBorder.Storage.Tests.Contract;

/// <summary>Correction and withdrawal notices, both ways, and erasure dates: the same on every database.</summary>
public abstract partial class StoreContract
{
    private static readonly HashSet<MessageType> ReferralsAndNotices = Types(MessageType.CaseReferral, MessageType.CorrectionOrWithdrawalNotice);

    [Fact]
    public async Task A_withdrawal_ends_an_unacknowledged_message_purges_it_and_its_receipt_says_applied()
    {
        var referral = Inbound(T0);
        await Store.CommitInboundAsync(referral, None);
        await Store.OfferAsync(Referrals, 10, T0.AddSeconds(1), None);

        var (notice, results) = await CommitNoticeAsync(T0.AddSeconds(2), NoticeKind.ConsentWithdrawal, referral.MessageId);

        Assert.Equal(NoticeReferenceOutcome.Applied, Assert.Single(results).Outcome);
        Assert.Equal(InboxState.Withdrawn, (await Store.FindInboundAsync(Sender, referral.MessageId, None))!.State);
        Assert.Null(await StoredInboundEnvelopeAsync(Sender, referral.MessageId));
        Assert.DoesNotContain(await Store.OfferAsync(ReferralsAndNotices, 10, T0.AddSeconds(3), None), i => i.MessageId == referral.MessageId);
        Assert.Equal([null], await Store.AcknowledgeAsync([new InboxKey(Sender, referral.MessageId)], Referrals, T0.AddSeconds(4), None));
        var trail = await Store.TrailAsync(referral.MessageId, None);
        Assert.Equal([AuditState.Received, AuditState.Offered, AuditState.Withdrawn], trail.Select(e => e.State));
        Assert.Equal(ReasonCode.Unspecified, trail[^1].Reason);
        var record = Assert.Single(await Store.NoticesReceivedAboutAsync(Sender, referral.MessageId, None));
        Assert.Equal((notice.MessageId, NoticeKind.ConsentWithdrawal, NoticeReferenceOutcome.Applied), (record.NoticeId, record.Kind, record.Outcome));
        Assert.Null((await Store.VerifyAuditAsync(None)).FirstBroken);
    }

    [Fact]
    public async Task An_erasure_of_an_acknowledged_message_keeps_its_evidence_shows_erasure_requested_and_the_notice_is_offered_first()
    {
        var older = Inbound(T0);
        var referral = Inbound(T0.AddSeconds(1));
        await Store.CommitInboundAsync(older, None);
        await Store.CommitInboundAsync(referral, None);
        var acknowledgedAt = (await Store.AcknowledgeAsync([new InboxKey(Sender, referral.MessageId)], Referrals, T0.AddSeconds(2), None))[0];

        var (notice, results) = await CommitNoticeAsync(T0.AddSeconds(3), NoticeKind.Erasure, referral.MessageId);

        Assert.Equal(NoticeReferenceOutcome.Applied, Assert.Single(results).Outcome);
        var record = (await Store.FindInboundAsync(Sender, referral.MessageId, None))!;
        Assert.Equal(InboxState.ErasureRequested, record.State);
        Assert.Equal(acknowledgedAt, record.AcknowledgedAt);
        Assert.Equal(referral.SignedReceipt, record.SignedReceipt);
        Assert.Null(await StoredInboundEnvelopeAsync(Sender, referral.MessageId));
        Assert.Equal(acknowledgedAt, (await Store.AcknowledgeAsync([new InboxKey(Sender, referral.MessageId)], Referrals, T0.AddSeconds(4), None))[0]);
        var offered = await Store.OfferAsync(ReferralsAndNotices, 10, T0.AddSeconds(5), None);
        Assert.Equal([notice.MessageId, older.MessageId], offered.Select(i => i.MessageId));
    }

    [Fact]
    public async Task A_notice_is_for_the_readers_of_what_it_was_applied_to_and_an_awaited_one_becomes_theirs_on_arrival()
    {
        var childProtectionAndNotices = Types(MessageType.ChildProtectionExchange, MessageType.CorrectionOrWithdrawalNotice);
        var referral = Inbound(T0);
        await Store.CommitInboundAsync(referral, None);
        var (applied, _) = await CommitNoticeAsync(T0.AddSeconds(1), NoticeKind.Erasure, referral.MessageId);
        var later = Inbound(T0.AddSeconds(3), type: MessageType.ChildProtectionExchange);
        var (awaiting, _) = await CommitNoticeAsync(T0.AddSeconds(2), NoticeKind.Erasure, later.MessageId);

        // Applied to a referral: for referral readers only. Applied to nothing yet: for every notice reader.
        Assert.Equal([awaiting.MessageId], (await Store.OfferAsync(childProtectionAndNotices, 10, T0.AddSeconds(4), None)).Select(i => i.MessageId));
        Assert.Equal([null], await Store.AcknowledgeAsync([new InboxKey(Sender, applied.MessageId)], childProtectionAndNotices, T0.AddSeconds(4), None));
        Assert.Contains(await Store.OfferAsync(ReferralsAndNotices, 10, T0.AddSeconds(4), None), i => i.MessageId == applied.MessageId);

        // The awaited child-protection message arrives: from then on the notice is for its readers only.
        await Store.CommitInboundAsync(later, None);
        Assert.Contains(await Store.OfferAsync(childProtectionAndNotices, 10, T0.AddSeconds(5), None), i => i.MessageId == awaiting.MessageId);
        Assert.DoesNotContain(await Store.OfferAsync(ReferralsAndNotices, 10, T0.AddSeconds(5), None), i => i.MessageId == awaiting.MessageId);
        Assert.NotNull((await Store.AcknowledgeAsync([new InboxKey(Sender, applied.MessageId)], ReferralsAndNotices, T0.AddSeconds(6), None))[0]);
    }

    [Fact]
    public async Task A_rectification_supersedes_the_message_with_the_corrected_one_named()
    {
        var referral = Inbound(T0);
        var corrected = NewId();
        await Store.CommitInboundAsync(referral, None);

        var (_, results) = await CommitNoticeNamingAsync(T0.AddSeconds(1), NoticeKind.Rectification, corrected, referral.MessageId);

        Assert.Equal(NoticeReferenceOutcome.Applied, Assert.Single(results).Outcome);
        var record = (await Store.FindInboundAsync(Sender, referral.MessageId, None))!;
        Assert.Equal((InboxState.Superseded, corrected), (record.State, record.SupersededBy));
        Assert.Empty(await Store.OfferAsync(Referrals, 10, T0.AddSeconds(2), None));
        Assert.Equal(corrected, Assert.Single(await Store.NoticesReceivedAboutAsync(Sender, referral.MessageId, None)).CorrectedBy);
    }

    [Fact]
    public async Task References_to_what_the_sender_did_not_send_here_are_refused_not_authorized_and_audited_on_the_notice()
    {
        var othersMessage = Inbound(T0, sender: "IT/NCP");
        var ourOwn = Outbound(T0, recipient: Sender);
        var otherNotice = Inbound(T0, type: MessageType.CorrectionOrWithdrawalNotice);
        await Store.CommitInboundAsync(othersMessage, None);
        await Store.EnqueueAsync(ourOwn, T0, None);
        await Store.CommitInboundAsync(otherNotice, None);

        var (notice, results) = await CommitNoticeNamingAsync(T0.AddSeconds(1), NoticeKind.WrongTransfer, null, othersMessage.MessageId, ourOwn.MessageId, otherNotice.MessageId, othersMessage.MessageId);

        Assert.Equal(
            [(NoticeReferenceOutcome.Refused, ReasonCode.NotAuthorized), (NoticeReferenceOutcome.Refused, ReasonCode.NotAuthorized),
             (NoticeReferenceOutcome.Refused, ReasonCode.NotAuthorized), (NoticeReferenceOutcome.Refused, ReasonCode.Malformed)],
            results.Select(r => (r.Outcome, r.Reason)));
        Assert.Equal(InboxState.Received, (await Store.FindInboundAsync("IT/NCP", othersMessage.MessageId, None))!.State);
        Assert.Equal(OutboxState.Queued, (await Store.FindOutboundAsync(ourOwn.MessageId, None))!.State);
        Assert.Equal(InboxState.Received, (await Store.FindInboundAsync(Sender, otherNotice.MessageId, None))!.State);
        var refusals = (await Store.TrailAsync(notice.MessageId, None)).Where(e => e.State == AuditState.NoticeRefused).ToList();
        Assert.Equal([(ReasonCode.NotAuthorized, 1), (ReasonCode.NotAuthorized, 2), (ReasonCode.NotAuthorized, 3), (ReasonCode.Malformed, 4)], refusals.Select(e => (e.Reason, e.Attempt)));
        Assert.All(refusals, e => Assert.Equal(notice.SealedSha256, e.SealedSha256));
        Assert.Empty(await Store.TrailAsync(othersMessage.MessageId, None) is var t ? t.Where(e => e.Peer == Sender) : []);
    }

    [Fact]
    public async Task A_notice_before_its_message_is_awaited_and_applied_when_the_message_arrives_even_after_a_restart()
    {
        var referral = Inbound(T0.AddSeconds(5));

        var (notice, results) = await CommitNoticeAsync(T0, NoticeKind.ConsentWithdrawal, referral.MessageId);
        Assert.Equal(NoticeReferenceOutcome.Awaited, Assert.Single(results).Outcome);
        var awaited = Assert.Single(await Store.TrailAsync(referral.MessageId, None));
        Assert.Equal((AuditState.NoticeAwaited, Sender), (awaited.State, awaited.Peer));
        Assert.Equal(notice.SealedSha256, awaited.SealedSha256);

        await ReopenAsync();
        Assert.True((await Store.CommitInboundAsync(referral, None)).Committed);

        Assert.Equal(InboxState.Withdrawn, (await Store.FindInboundAsync(Sender, referral.MessageId, None))!.State);
        Assert.Null(await StoredInboundEnvelopeAsync(Sender, referral.MessageId));
        Assert.DoesNotContain(await Store.OfferAsync(ReferralsAndNotices, 10, T0.AddSeconds(6), None), i => i.MessageId == referral.MessageId);
        Assert.Equal(
            [AuditState.NoticeAwaited, AuditState.Received, AuditState.Withdrawn],
            (await Store.TrailAsync(referral.MessageId, None)).Select(e => e.State));
        Assert.Equal(NoticeReferenceOutcome.Applied, Assert.Single(await Store.NoticesReceivedAboutAsync(Sender, referral.MessageId, None)).Outcome);
        Assert.Null((await Store.VerifyAuditAsync(None)).FirstBroken);
    }

    [Fact]
    public async Task An_awaited_message_of_another_sender_under_the_same_id_is_not_touched()
    {
        var id = NewId();
        await CommitNoticeAsync(T0, NoticeKind.Erasure, id);

        await Store.CommitInboundAsync(Inbound(T0.AddSeconds(1), id: id, sender: "IT/NCP"), None);

        Assert.Equal(InboxState.Received, (await Store.FindInboundAsync("IT/NCP", id, None))!.State);
    }

    [Fact]
    public async Task A_notice_delivered_again_changes_nothing_and_is_answered_the_first_receipt()
    {
        var referral = Inbound(T0);
        await Store.CommitInboundAsync(referral, None);
        var (notice, _) = await CommitNoticeAsync(T0.AddSeconds(1), NoticeKind.ConsentWithdrawal, referral.MessageId);
        var entries = (await Store.VerifyAuditAsync(None)).Entries;

        var again = await Store.CommitNoticeAsync(notice, Notice(NoticeKind.ConsentWithdrawal, null, notice.MessageId, [referral.MessageId], _ => throw new InvalidOperationException("signed twice")), None);

        Assert.False(again.Committed);
        Assert.Equal([7, 7], again.Existing!.SignedReceipt);
        Assert.Equal(entries, (await Store.VerifyAuditAsync(None)).Entries);
    }

    [Fact]
    public async Task A_notice_whose_receipt_cannot_be_signed_writes_nothing()
    {
        var referral = Inbound(T0);
        await Store.CommitInboundAsync(referral, None);
        var notice = Inbound(T0.AddSeconds(1), type: MessageType.CorrectionOrWithdrawalNotice);

        var refused = await Assert.ThrowsAsync<RejectedException>(() => Store.CommitNoticeAsync(
            notice, Notice(NoticeKind.ConsentWithdrawal, null, notice.MessageId, [referral.MessageId], _ => throw Reject.Because(ReasonCode.Expired, "no signing certificate")), None));

        Assert.Equal(ReasonCode.Expired, refused.Reason);
        Assert.Null(await Store.FindInboundAsync(Sender, notice.MessageId, None));
        Assert.Equal(InboxState.Received, (await Store.FindInboundAsync(Sender, referral.MessageId, None))!.State);
        Assert.NotNull(await StoredInboundEnvelopeAsync(Sender, referral.MessageId));
    }

    [Fact]
    public async Task From_its_erasure_date_a_message_is_never_offered_and_its_bytes_go_unread_or_acknowledged()
    {
        var erasure = T0.AddDays(2);
        var unread = Inbound(T0) with { ErasureDate = "2026-03-03", EraseAt = erasure, ReviewDate = "2026-03-02" };
        var acknowledged = Inbound(T0) with { ErasureDate = "2026-03-03", EraseAt = erasure };
        var later = Inbound(T0) with { EraseAt = erasure.AddDays(1) };
        foreach (var message in new[] { unread, acknowledged, later })
        {
            await Store.CommitInboundAsync(message, None);
        }

        await Store.AcknowledgeAsync([new InboxKey(Sender, acknowledged.MessageId)], Referrals, T0.AddSeconds(1), None);
        var offeredBefore = await Store.OfferAsync(Referrals, 10, erasure.AddMilliseconds(-1), None);
        Assert.Equal(("2026-03-02", "2026-03-03"), offeredBefore.Where(i => i.MessageId == unread.MessageId).Select(i => (i.ReviewDate, i.ErasureDate)).Single());
        Assert.Equal([later.MessageId], (await Store.OfferAsync(Referrals, 10, erasure, None)).Select(i => i.MessageId));

        Assert.Equal(2, await Store.EraseDueAsync(erasure, 100, None));

        Assert.Equal(InboxState.ExpiredUnread, (await Store.FindInboundAsync(Sender, unread.MessageId, None))!.State);
        Assert.Equal(InboxState.Purged, (await Store.FindInboundAsync(Sender, acknowledged.MessageId, None))!.State);
        Assert.Equal(InboxState.Offered, (await Store.FindInboundAsync(Sender, later.MessageId, None))!.State);
        Assert.Null(await StoredInboundEnvelopeAsync(Sender, unread.MessageId));
        Assert.Null(await StoredInboundEnvelopeAsync(Sender, acknowledged.MessageId));
        Assert.Equal(0, await Store.EraseDueAsync(erasure, 100, None));
        Assert.Equal(AuditState.ExpiredUnread, (await Store.TrailAsync(unread.MessageId, None))[^1].State);
        Assert.Equal(("2026-03-02", "2026-03-03"), await Store.FindInboundAsync(Sender, unread.MessageId, None) is { } r ? (r.ReviewDate, r.ErasureDate) : default);
    }

    [Fact]
    public async Task A_withdrawal_cancels_what_waits_in_its_conversation_and_what_it_names_but_nothing_under_way_or_for_others()
    {
        var conversation = NewId();
        var waiting = Outbound(T0) with { ConversationId = conversation };
        var underWay = Outbound(T0) with { ConversationId = conversation };
        var named = Outbound(T0);
        var elsewhere = Outbound(T0, recipient: "IT/NCP") with { ConversationId = conversation };
        var unrelated = Outbound(T0);
        await Store.EnqueueClaimedAsync(underWay, T0, Lease, None);
        foreach (var message in new[] { waiting, named, elsewhere, unrelated })
        {
            await Store.EnqueueAsync(message, T0, None);
        }

        var notice = new OutboundNotice(NewId(), Recipient, conversation, NoticeKind.ConsentWithdrawal, [named.MessageId, underWay.MessageId], null);
        var cancelled = await Store.CancelForNoticeAsync(notice, T0.AddSeconds(1), None);

        Assert.Equal(new[] { waiting.MessageId, named.MessageId }.Order(StringComparer.Ordinal), cancelled);
        foreach (var id in cancelled)
        {
            Assert.Equal(OutboxState.Cancelled, (await Store.FindOutboundAsync(id, None))!.State);
            Assert.Equal(0, await StoredOutboundEnvelopeAsync(id));
            Assert.Equal(AuditState.Cancelled, (await Store.TrailAsync(id, None))[^1].State);
        }

        Assert.Equal(OutboxState.Sending, (await Store.FindOutboundAsync(underWay.MessageId, None))!.State);
        Assert.Equal(OutboxState.Queued, (await Store.FindOutboundAsync(elsewhere.MessageId, None))!.State);
        Assert.Equal(OutboxState.Queued, (await Store.FindOutboundAsync(unrelated.MessageId, None))!.State);
        Assert.DoesNotContain(await Store.ClaimDueAsync(T0.AddSeconds(2), 10, Lease, None), m => cancelled.Contains(m.MessageId));
        Assert.Empty(await Store.CancelForNoticeAsync(notice, T0.AddSeconds(3), None));

        // The references are listed in status once the notice itself is queued.
        Assert.Empty(await Store.NoticesSentAboutAsync(named.MessageId, None));
        await Store.EnqueueAsync(Outbound(T0.AddSeconds(1), id: notice.NoticeId, type: MessageType.CorrectionOrWithdrawalNotice), T0.AddSeconds(1), None);
        var sent = Assert.Single(await Store.NoticesSentAboutAsync(named.MessageId, None));
        Assert.Equal((notice.NoticeId, NoticeKind.ConsentWithdrawal), (sent.NoticeId, sent.Kind));
        Assert.Single(await Store.NoticesSentAboutAsync(underWay.MessageId, None));
    }

    [Fact]
    public async Task A_rectification_cancels_nothing_and_an_erasure_only_what_it_names()
    {
        var conversation = NewId();
        var first = Outbound(T0) with { ConversationId = conversation };
        var second = Outbound(T0) with { ConversationId = conversation };
        await Store.EnqueueAsync(first, T0, None);
        await Store.EnqueueAsync(second, T0, None);

        Assert.Empty(await Store.CancelForNoticeAsync(new OutboundNotice(NewId(), Recipient, conversation, NoticeKind.Rectification, [first.MessageId], NewId()), T0, None));
        Assert.Equal([first.MessageId], await Store.CancelForNoticeAsync(new OutboundNotice(NewId(), Recipient, conversation, NoticeKind.Erasure, [first.MessageId], null), T0, None));
        Assert.Equal(OutboxState.Queued, (await Store.FindOutboundAsync(second.MessageId, None))!.State);

        // A withdrawal in the same conversation cancels the referral but never the earlier notice still waiting.
        var earlierNotice = Outbound(T0, type: MessageType.CorrectionOrWithdrawalNotice) with { ConversationId = conversation };
        await Store.EnqueueAsync(earlierNotice, T0, None);
        Assert.Equal(
            [second.MessageId],
            await Store.CancelForNoticeAsync(new OutboundNotice(NewId(), Recipient, conversation, NoticeKind.ConsentWithdrawal, [earlierNotice.MessageId], null), T0, None));
        Assert.Equal(OutboxState.Queued, (await Store.FindOutboundAsync(earlierNotice.MessageId, None))!.State);
    }

    /// <summary>Commits a notice of <see cref="Sender"/> naming <paramref name="references"/>; the results its receipt was signed over.</summary>
    private Task<(InboundMessage Notice, IReadOnlyList<NoticeReferenceResult> Results)> CommitNoticeAsync(DateTimeOffset at, NoticeKind kind, params string[] references) =>
        CommitNoticeNamingAsync(at, kind, null, references);

    private async Task<(InboundMessage Notice, IReadOnlyList<NoticeReferenceResult> Results)> CommitNoticeNamingAsync(DateTimeOffset at, NoticeKind kind, string? correctedBy, params string[] references)
    {
        var notice = Inbound(at, type: MessageType.CorrectionOrWithdrawalNotice);
        IReadOnlyList<NoticeReferenceResult>? signed = null;
        var commit = await Store.CommitNoticeAsync(notice, Notice(kind, correctedBy, notice.MessageId, references, results =>
        {
            Assert.Null(signed);
            signed = results;
            return [7, 7];
        }), None);
        Assert.True(commit.Committed);
        Assert.Equal([7, 7], commit.SignedReceipt);
        Assert.Equal([7, 7], (await Store.FindInboundAsync(Sender, notice.MessageId, None))!.SignedReceipt);
        return (notice, signed!);
    }

    private static InboundNotice Notice(NoticeKind kind, string? correctedBy, string noticeId, IEnumerable<string> references, Func<IReadOnlyList<NoticeReferenceResult>, byte[]> sign)
    {
        var body = new CorrectionOrWithdrawalNotice { Kind = kind, CorrectedBy = correctedBy ?? "" };
        body.MessageReferences.AddRange(references);
        return new InboundNotice(kind, correctedBy, NoticeRules.Prejudge(body, noticeId), sign);
    }
}
