using CrossBorder.Contracts.V1;
using CrossBorder.Core.Delivery.States;
using CrossBorder.Gateway.Tests.Infrastructure;
using Google.Protobuf;
using static CrossBorder.Gateway.Testing.Exchanges;
using static CrossBorder.Gateway.Tests.Notices.NoticeSteps;

namespace CrossBorder.Gateway.Tests.Notices;

/// <summary>
/// A sender's notice acts only on what that sender sent here: a reference to another sender's
/// message, to a message the receiving gateway itself sent, or to another notice is refused
/// NOT_AUTHORIZED in the signed receipt, audited NOTICE_REFUSED, and changes nothing.
/// </summary>
[Collection(SharedExchange.Name)]
public sealed class NoticeAuthorizationTests(ExchangeFederation federation) : IDisposable
{
    private readonly TempDirectory _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task References_to_another_sender_s_message_to_the_recipient_s_own_and_to_a_notice_are_refused_not_authorized_and_change_nothing()
    {
        await using var italy = await federation.StartAsync("IT/NCP", _data.File("it"));
        await using var albania = await federation.StartAsync("AL/NCP", _data.File("al"));
        var caseWorker = federation.Client("IT/NCP", "case-worker");
        var application = federation.Client("AL/NCP", "case-worker");

        // Greece's referral, in Albania's inbox; Albania's own reception confirmation, sent to Italy; Italy's referral and a first notice.
        using var greece = new TestPeer(federation, "GR/NCP");
        var greek = greece.Seal("AL/NCP", Minimized("case-referral", Purpose.TransnationalReferral, from: "GR/NCP"), h =>
        {
            h.Purpose = Purpose.TransnationalReferral;
            h.LegalBasis = "AL-GR/2021/TRM-MoU art. 4";
        });
        Assert.Equal(ReceiptOutcome.Accepted, greece.VerifyReceipt(await TestPeer.DeliverAsync(greece.Client(albania, "AL/NCP"), greek.ToByteString()), "AL/NCP", greek).Outcome);
        var own = await SendAsync(application, "IT/NCP", Purpose.ReturnCoordination, Example("reception-confirmation"));
        var referral = await SendAsync(caseWorker, "AL/NCP", Purpose.TransnationalReferral, Example("case-referral"));
        var firstNotice = await NotifyAsync(caseWorker, "AL/NCP", NoticeKind.Rectification, [referral.MessageId]);
        await DeliveredAsync(caseWorker, referral.MessageId, firstNotice.MessageId);

        var notice = await NotifyAsync(caseWorker, "AL/NCP", NoticeKind.Erasure, [greek.Route.MessageId, own.MessageId, firstNotice.MessageId, referral.MessageId]);
        await DeliveredAsync(caseWorker, notice.MessageId);

        Assert.Equal(
            [
                (greek.Route.MessageId, NoticeReferenceOutcome.Refused, ReasonCode.NotAuthorized),
                (own.MessageId, NoticeReferenceOutcome.Refused, ReasonCode.NotAuthorized),
                (firstNotice.MessageId, NoticeReferenceOutcome.Refused, ReasonCode.NotAuthorized),
                (referral.MessageId, NoticeReferenceOutcome.Applied, ReasonCode.Unspecified),
            ],
            await ReceiptReferencesAsync(italy, notice.MessageId));

        // Audited on the notice, one entry per refused reference, with the reason and no other text.
        var trail = await albania.Store.TrailAsync(notice.MessageId, CancellationToken.None);
        var refusals = trail.Where(e => e.State == AuditState.NoticeRefused).ToList();
        Assert.Equal(3, refusals.Count);
        Assert.All(refusals, e => Assert.Equal((ReasonCode.NotAuthorized, "IT/NCP", AuditDirection.In), (e.Reason, e.Peer, e.Direction)));
        Assert.Equal([1, 2, 3], refusals.Select(e => e.Attempt).Order());

        // Nothing changed: Greece's referral is still offered, Albania's own message still in its outbox, the first notice still unread.
        var greekStored = await albania.Store.FindInboundAsync("GR/NCP", greek.Route.MessageId, CancellationToken.None);
        Assert.NotNull(greekStored);
        Assert.Equal(InboxState.Received, greekStored.State);
        var ownStored = await albania.Store.FindOutboundAsync(own.MessageId, CancellationToken.None);
        Assert.NotNull(ownStored);
        Assert.NotEqual(OutboxState.Cancelled, ownStored.State);
        var firstStored = await albania.Store.FindInboundAsync("IT/NCP", firstNotice.MessageId, CancellationToken.None);
        Assert.NotNull(firstStored);
        Assert.Equal(InboxState.Received, firstStored.State);
        var inbox = (await LookAsync(application)).Select(m => m.MessageId).ToList();
        Assert.Contains(greek.Route.MessageId, inbox);
        Assert.Contains(firstNotice.MessageId, inbox);
        Assert.DoesNotContain(referral.MessageId, inbox);

        // Italy's status: the applied reference shows APPLIED; its status of the refused ones is not its to see.
        var applied = await WaitForNoticeAsync(caseWorker, referral.MessageId, notice.MessageId, NoticeReferenceOutcome.Applied);
        Assert.Equal(2, applied.Notices.Count);
        var (reason, _) = await RefusalAsync(() => caseWorker.StatusAsync(new StatusRequest { MessageId = greek.Route.MessageId }, deadline: Deadline()).ResponseAsync);
        Assert.Equal(ReasonCode.NotFound, reason);
    }

    [Fact]
    public async Task A_reference_awaited_from_one_sender_never_withdraws_another_sender_s_message_that_later_arrives_under_that_id()
    {
        await using var albania = await federation.StartAsync("AL/NCP", _data.File("al"));
        using var italy = new TestPeer(federation, "IT/NCP");
        using var greece = new TestPeer(federation, "GR/NCP");
        var application = federation.Client("AL/NCP", "case-worker");
        var target = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        var notice = italy.Seal("AL/NCP", NoticeSteps.Notice(NoticeKind.Erasure, [target]), h => h.Purpose = Purpose.DataSubjectRights);
        var greek = greece.Seal("AL/NCP", Minimized("case-referral", Purpose.TransnationalReferral, from: "GR/NCP"), h =>
        {
            h.Route.MessageId = target;
            h.Purpose = Purpose.TransnationalReferral;
            h.LegalBasis = "AL-GR/2021/TRM-MoU art. 4";
        });

        var noticeReceipt = italy.VerifyReceipt(await TestPeer.DeliverAsync(italy.Client(albania, "AL/NCP"), notice.ToByteString()), "AL/NCP", notice);
        var greekReceipt = greece.VerifyReceipt(await TestPeer.DeliverAsync(greece.Client(albania, "AL/NCP"), greek.ToByteString()), "AL/NCP", greek);

        Assert.Equal((target, NoticeReferenceOutcome.Awaited), (Assert.Single(noticeReceipt.NoticeReferences).MessageId, noticeReceipt.NoticeReferences[0].Outcome));
        Assert.Equal(ReceiptOutcome.Accepted, greekReceipt.Outcome);
        var stored = await albania.Store.FindInboundAsync("GR/NCP", target, CancellationToken.None);
        Assert.NotNull(stored);
        Assert.Equal(InboxState.Received, stored.State);
        var status = await application.StatusAsync(new StatusRequest { MessageId = target }, deadline: Deadline());
        Assert.Equal(StateNames.Name(InboxState.Received), status.CurrentState);
        Assert.Empty(status.Notices);
        Assert.Equal(new[] { notice.Route.MessageId, target }, (await LookAsync(application)).Select(m => m.MessageId));
    }
}
