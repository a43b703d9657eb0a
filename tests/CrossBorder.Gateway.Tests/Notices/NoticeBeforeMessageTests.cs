using CrossBorder.Contracts.V1;
using CrossBorder.Core.Delivery.States;
using CrossBorder.Gateway.Tests.Infrastructure;
using Google.Protobuf;
using static CrossBorder.Gateway.Testing.Exchanges;
using static CrossBorder.Gateway.Tests.Notices.NoticeSteps;

namespace CrossBorder.Gateway.Tests.Notices;

/// <summary>
/// Deliveries may overtake each other: a notice that arrives before the message it names is
/// accepted with the reference AWAITED, and the message, when it comes, is accepted (its sender
/// gets its receipt) but withdrawn in the same commit, so it is never offered.
/// </summary>
[Collection(SharedExchange.Name)]
public sealed class NoticeBeforeMessageTests(ExchangeFederation federation) : IDisposable
{
    private readonly TempDirectory _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task A_withdrawal_delivered_before_its_referral_awaits_it_and_the_referral_is_withdrawn_on_arrival_and_never_offered()
    {
        await using var albania = await federation.StartAsync("AL/NCP", _data.File("al"));
        using var italy = new TestPeer(federation, "IT/NCP");
        var client = italy.Client(albania, "AL/NCP");
        var application = federation.Client("AL/NCP", "case-worker");
        var referral = italy.Seal("AL/NCP", Minimized("case-referral", Purpose.TransnationalReferral), h => h.Purpose = Purpose.TransnationalReferral);
        var referralId = referral.Route.MessageId;
        var notice = italy.Seal("AL/NCP", Notice(NoticeKind.ConsentWithdrawal, [referralId]), h =>
        {
            h.Purpose = Purpose.DataSubjectRights;
            h.Route.ConversationId = referral.Route.ConversationId;
        });

        var noticeAnswer = await TestPeer.DeliverAsync(client, notice.ToByteString());
        var referralAnswer = await TestPeer.DeliverAsync(client, referral.ToByteString());

        var noticeReceipt = italy.VerifyReceipt(noticeAnswer, "AL/NCP", notice);
        Assert.Equal((ReceiptOutcome.Accepted, ReasonCode.Unspecified), (noticeReceipt.Outcome, noticeReceipt.Reason));
        var awaited = Assert.Single(noticeReceipt.NoticeReferences);
        Assert.Equal((referralId, NoticeReferenceOutcome.Awaited, ReasonCode.Unspecified), (awaited.MessageId, awaited.Outcome, awaited.Reason));
        var referralReceipt = italy.VerifyReceipt(referralAnswer, "AL/NCP", referral);
        Assert.Equal((ReceiptOutcome.Accepted, ReasonCode.Unspecified), (referralReceipt.Outcome, referralReceipt.Reason));
        Assert.Empty(referralReceipt.NoticeReferences);

        var status = await application.StatusAsync(new StatusRequest { MessageId = referralId }, deadline: Deadline());
        Assert.Equal(StateNames.Name(InboxState.Withdrawn), status.CurrentState);
        Assert.Equal(
            [StateNames.Name(AuditState.NoticeAwaited), StateNames.Name(AuditState.Received), StateNames.Name(AuditState.Withdrawn)],
            status.Events.Select(e => e.State));
        var record = Assert.Single(status.Notices);
        Assert.Equal((notice.Route.MessageId, NoticeKind.ConsentWithdrawal, NoticeReferenceOutcome.Applied), (record.NoticeId, record.Kind, record.Outcome));
        Assert.DoesNotContain(status.Events, e => e.State == StateNames.Name(AuditState.Offered));

        // Only the notice is offered, and a repeat of the referral is answered its receipt without reviving it.
        Assert.Equal([notice.Route.MessageId], (await LookAsync(application)).Select(m => m.MessageId));
        var repeat = await TestPeer.DeliverAsync(client, referral.ToByteString());
        Assert.Equal(referralAnswer.SignedReceipt, repeat.SignedReceipt);
        Assert.Equal([notice.Route.MessageId], (await LookAsync(application)).Select(m => m.MessageId));
        var stored = await albania.Store.FindInboundAsync("IT/NCP", referralId, CancellationToken.None);
        Assert.NotNull(stored);
        Assert.Equal(InboxState.Withdrawn, stored.State);
    }

    [Fact]
    public async Task A_rectification_delivered_before_its_message_supersedes_it_on_arrival_with_the_corrected_id()
    {
        await using var albania = await federation.StartAsync("AL/NCP", _data.File("al"));
        using var italy = new TestPeer(federation, "IT/NCP");
        var client = italy.Client(albania, "AL/NCP");
        var application = federation.Client("AL/NCP", "case-worker");
        var wrong = italy.Seal("AL/NCP", Minimized("case-referral", Purpose.TransnationalReferral), h => h.Purpose = Purpose.TransnationalReferral);
        var corrected = italy.Seal("AL/NCP", Minimized("case-referral", Purpose.TransnationalReferral), h => h.Purpose = Purpose.TransnationalReferral);
        var notice = italy.Seal("AL/NCP", Notice(NoticeKind.Rectification, [wrong.Route.MessageId], corrected.Route.MessageId), h => h.Purpose = Purpose.DataSubjectRights);

        var noticeReceipt = italy.VerifyReceipt(await TestPeer.DeliverAsync(client, notice.ToByteString()), "AL/NCP", notice);
        Assert.Equal(ReceiptOutcome.Accepted, italy.VerifyReceipt(await TestPeer.DeliverAsync(client, corrected.ToByteString()), "AL/NCP", corrected).Outcome);
        Assert.Equal(ReceiptOutcome.Accepted, italy.VerifyReceipt(await TestPeer.DeliverAsync(client, wrong.ToByteString()), "AL/NCP", wrong).Outcome);

        Assert.Equal(NoticeReferenceOutcome.Awaited, Assert.Single(noticeReceipt.NoticeReferences).Outcome);
        var status = await application.StatusAsync(new StatusRequest { MessageId = wrong.Route.MessageId }, deadline: Deadline());
        Assert.Equal((StateNames.Name(InboxState.Superseded), corrected.Route.MessageId), (status.CurrentState, status.SupersededBy));
        Assert.Equal(
            [notice.Route.MessageId, corrected.Route.MessageId],
            (await LookAsync(application)).Select(m => m.MessageId));
    }
}
