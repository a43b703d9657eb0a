using CrossBorder.Contracts.V1;
using CrossBorder.Core.Delivery.States;
using CrossBorder.Gateway.Tests.Infrastructure;
using static CrossBorder.Gateway.Testing.Exchanges;
using static CrossBorder.Gateway.Tests.Notices.NoticeSteps;

namespace CrossBorder.Gateway.Tests.Notices;

/// <summary>
/// Two gateways over real mTLS: Italy's notices act on what Albania received from it. An unread
/// referral is withdrawn (never offered again, cannot be acknowledged), a read one keeps its
/// evidence and shows ERASURE_REQUESTED, a rectified one shows SUPERSEDED with the corrected id;
/// the notice is offered first, and Italy's status shows what Albania's signed receipt says.
/// </summary>
[Collection(SharedExchange.Name)]
public sealed class NoticeApplicationTests(ExchangeFederation federation) : IDisposable
{
    private static readonly string Withdrawn = StateNames.Name(InboxState.Withdrawn);
    private static readonly string ErasureRequested = StateNames.Name(InboxState.ErasureRequested);
    private static readonly string Superseded = StateNames.Name(InboxState.Superseded);
    private static readonly string Delivered = StateNames.Name(OutboxState.Delivered);

    private readonly TempDirectory _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task A_withdrawal_of_a_read_but_unacknowledged_referral_withdraws_it_and_the_notice_is_offered_first()
    {
        await using var italy = await federation.StartAsync("IT/NCP", _data.File("it"));
        await using var albania = await federation.StartAsync("AL/NCP", _data.File("al"));
        var caseWorker = federation.Client("IT/NCP", "case-worker");
        var application = federation.Client("AL/NCP", "case-worker");
        var withdrawn = await SendAsync(caseWorker, "AL/NCP", Purpose.TransnationalReferral, Example("case-referral"));
        var kept = await SendAsync(caseWorker, "AL/NCP", Purpose.TransnationalReferral, Example("case-referral"));
        await DeliveredAsync(caseWorker, withdrawn.MessageId, kept.MessageId);
        Assert.Equal(new[] { withdrawn.MessageId, kept.MessageId }.Order(), (await LookAsync(application)).Select(m => m.MessageId).Order());

        var notice = await NotifyAsync(caseWorker, "AL/NCP", NoticeKind.ConsentWithdrawal, [withdrawn.MessageId]);

        Assert.Empty(notice.CancelledMessageIds);
        // Status reads the trail and then the state: polled until both show the withdrawal.
        var received = await WaitForStatusAsync(application, withdrawn.MessageId, s => s.CurrentState == Withdrawn && s.Events[^1].State == Withdrawn, Withdrawn);
        var record = Assert.Single(received.Notices);
        Assert.Equal((notice.MessageId, NoticeKind.ConsentWithdrawal, NoticeReferenceOutcome.Applied), (record.NoticeId, record.Kind, record.Outcome));
        Assert.Equal(
            [StateNames.Name(AuditState.Received), StateNames.Name(AuditState.Offered), Withdrawn],
            received.Events.Select(e => e.State));
        var stored = await albania.Store.FindInboundAsync("IT/NCP", withdrawn.MessageId, CancellationToken.None);
        Assert.NotNull(stored);
        Assert.Equal(InboxState.Withdrawn, stored.State);
        Assert.NotEmpty(stored.SignedReceipt);

        // The notice before the older unread referral; the withdrawn one never again.
        var inbox = await LookAsync(application);
        Assert.Equal([notice.MessageId, kept.MessageId], inbox.Select(m => m.MessageId));
        Assert.Equal(NoticeKind.ConsentWithdrawal, inbox[0].Payload.CorrectionOrWithdrawalNotice.Kind);
        Assert.Equal([withdrawn.MessageId], inbox[0].Payload.CorrectionOrWithdrawalNotice.MessageReferences);
        var (reason, _) = await RefusalAsync(() => application.AcknowledgeAsync(new AcknowledgeRequest { MessageId = withdrawn.MessageId, Sender = "IT/NCP" }, deadline: Deadline()).ResponseAsync);
        Assert.Equal(ReasonCode.NotFound, reason);
        var batch = await application.AcknowledgeBatchAsync(new AcknowledgeBatchRequest { Messages = { new AcknowledgeRequest { MessageId = withdrawn.MessageId, Sender = "IT/NCP" } } }, deadline: Deadline());
        Assert.Equal(ReasonCode.NotFound, Assert.Single(batch.Results).Reason);
        Assert.DoesNotContain(await LookAsync(application), m => m.MessageId == withdrawn.MessageId);

        // Italy's evidence: what Albania's signed receipt of the notice says about the referral.
        var sent = await WaitForNoticeAsync(caseWorker, withdrawn.MessageId, notice.MessageId, NoticeReferenceOutcome.Applied);
        var answer = Assert.Single(sent.Notices);
        Assert.Equal((NoticeKind.ConsentWithdrawal, ReasonCode.Unspecified, Delivered), (answer.Kind, answer.Reason, answer.NoticeState));
        Assert.Equal(Delivered, sent.CurrentState);
        Assert.Equal([(withdrawn.MessageId, NoticeReferenceOutcome.Applied, ReasonCode.Unspecified)], await ReceiptReferencesAsync(italy, notice.MessageId));
        var untouched = await caseWorker.StatusAsync(new StatusRequest { MessageId = kept.MessageId }, deadline: Deadline());
        Assert.Empty(untouched.Notices);
    }

    [Fact]
    public async Task An_erasure_of_an_acknowledged_referral_requests_erasure_and_a_rectification_supersedes_with_the_corrected_id()
    {
        await using var italy = await federation.StartAsync("IT/NCP", _data.File("it"));
        await using var albania = await federation.StartAsync("AL/NCP", _data.File("al"));
        var caseWorker = federation.Client("IT/NCP", "case-worker");
        var application = federation.Client("AL/NCP", "case-worker");
        var erased = await SendAsync(caseWorker, "AL/NCP", Purpose.TransnationalReferral, Example("case-referral"));
        Assert.Equal(erased.MessageId, Assert.Single(await ReadAsync(application, 1, ack: true)).MessageId);
        var wrong = await SendAsync(caseWorker, "AL/NCP", Purpose.TransnationalReferral, Example("case-referral"));
        Assert.Equal(wrong.MessageId, Assert.Single(await ReadAsync(application, 1, ack: true)).MessageId);
        var corrected = await SendAsync(caseWorker, "AL/NCP", Purpose.TransnationalReferral, Example("case-referral"), inReplyTo: wrong.MessageId);

        var erasure = await NotifyAsync(caseWorker, "AL/NCP", NoticeKind.Erasure, [erased.MessageId]);
        var rectification = await NotifyAsync(caseWorker, "AL/NCP", NoticeKind.Rectification, [wrong.MessageId], correctedBy: corrected.MessageId);

        Assert.Empty(erasure.CancelledMessageIds);
        Assert.Empty(rectification.CancelledMessageIds);
        var erasedThere = await WaitForStatusAsync(application, erased.MessageId, s => s.CurrentState == ErasureRequested, ErasureRequested);
        Assert.Equal((erasure.MessageId, NoticeReferenceOutcome.Applied), (Assert.Single(erasedThere.Notices).NoticeId, erasedThere.Notices[0].Outcome));
        Assert.Contains(erasedThere.Events, e => e.State == StateNames.Name(InboxState.Acknowledged));
        var supersededThere = await WaitForStatusAsync(application, wrong.MessageId, s => s.CurrentState == Superseded, Superseded);
        Assert.Equal(corrected.MessageId, supersededThere.SupersededBy);
        var rectified = Assert.Single(supersededThere.Notices);
        Assert.Equal((rectification.MessageId, NoticeKind.Rectification, corrected.MessageId), (rectified.NoticeId, rectified.Kind, rectified.CorrectedBy));

        // The sealed bytes are gone; the evidence stays.
        foreach (var id in new[] { erased.MessageId, wrong.MessageId })
        {
            var stored = await albania.Store.FindInboundAsync("IT/NCP", id, CancellationToken.None);
            Assert.NotNull(stored);
            Assert.NotEmpty(stored.SignedReceipt);
            Assert.Equal(32, stored.SealedSha256.Length);
        }

        // Both notices come first, then the corrected referral.
        await DeliveredAsync(caseWorker, corrected.MessageId, erasure.MessageId, rectification.MessageId);
        var inbox = (await LookAsync(application)).Select(m => m.MessageId).ToList();
        Assert.Equal(3, inbox.Count);
        Assert.Equal(new[] { erasure.MessageId, rectification.MessageId }.Order(), inbox.Take(2).Order());
        Assert.Equal(corrected.MessageId, inbox[2]);

        var sentErasure = await WaitForNoticeAsync(caseWorker, erased.MessageId, erasure.MessageId, NoticeReferenceOutcome.Applied);
        Assert.Equal(NoticeKind.Erasure, Assert.Single(sentErasure.Notices).Kind);
        var sentRectification = await WaitForNoticeAsync(caseWorker, wrong.MessageId, rectification.MessageId, NoticeReferenceOutcome.Applied);
        Assert.Equal(corrected.MessageId, Assert.Single(sentRectification.Notices).CorrectedBy);
        Assert.Equal(Delivered, sentRectification.Notices[0].NoticeState);
    }
}
