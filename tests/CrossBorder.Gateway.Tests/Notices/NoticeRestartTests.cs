using CrossBorder.Contracts.V1;
using CrossBorder.Core.Delivery.States;
using CrossBorder.Gateway.Tests.Infrastructure;
using static CrossBorder.Gateway.Testing.Exchanges;
using static CrossBorder.Gateway.Tests.Notices.NoticeSteps;

namespace CrossBorder.Gateway.Tests.Notices;

/// <summary>
/// A notice crosses a restart of either gateway: it waits in the sender's outbox while the
/// recipient is down, survives the sender's own restart on the same data, and is applied when
/// both are up again, with the sender's status showing the recipient's answer.
/// </summary>
[Collection(SharedExchange.Name)]
public sealed class NoticeRestartTests(ExchangeFederation federation) : IDisposable
{
    private static readonly string Withdrawn = StateNames.Name(InboxState.Withdrawn);
    private static readonly string RetryWait = StateNames.Name(OutboxState.RetryWait);

    private readonly TempDirectory _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task A_notice_sent_while_the_recipient_is_stopped_is_applied_when_it_starts_again_on_the_same_data()
    {
        await using var italy = await federation.StartAsync("IT/NCP", _data.File("it"));
        var caseWorker = federation.Client("IT/NCP", "case-worker");
        var application = federation.Client("AL/NCP", "case-worker");
        string referral;
        await using (var first = await federation.StartAsync("AL/NCP", _data.File("al")))
        {
            referral = (await SendAsync(caseWorker, "AL/NCP", Purpose.TransnationalReferral, Example("case-referral"))).MessageId;
            await DeliveredAsync(caseWorker, referral);
        }

        var notice = await NotifyAsync(caseWorker, "AL/NCP", NoticeKind.WrongTransfer, [referral]);
        await WaitForStatusAsync(caseWorker, notice.MessageId, s => s.CurrentState == RetryWait, RetryWait);
        var waiting = await caseWorker.StatusAsync(new StatusRequest { MessageId = referral }, deadline: Deadline());
        Assert.Equal(NoticeReferenceOutcome.Unspecified, Assert.Single(waiting.Notices).Outcome);
        Assert.Contains(waiting.Notices[0].NoticeState, new[] { RetryWait, StateNames.Name(OutboxState.Sending) });

        await using var albania = await federation.StartAsync("AL/NCP", _data.File("al"));

        var applied = await WaitForStatusAsync(application, referral, s => s.CurrentState == Withdrawn, Withdrawn);
        Assert.Equal((notice.MessageId, NoticeKind.WrongTransfer), (Assert.Single(applied.Notices).NoticeId, applied.Notices[0].Kind));
        var sent = await WaitForNoticeAsync(caseWorker, referral, notice.MessageId, NoticeReferenceOutcome.Applied);
        Assert.Equal(StateNames.Name(OutboxState.Delivered), sent.Notices[0].NoticeState);
        Assert.Contains(
            (await caseWorker.StatusAsync(new StatusRequest { MessageId = notice.MessageId }, deadline: Deadline())).Events,
            e => e.State == RetryWait && e.Reason == ReasonCode.Unavailable);
        Assert.Equal([notice.MessageId], (await LookAsync(application)).Select(m => m.MessageId));
    }

    [Fact]
    public async Task A_notice_queued_before_the_sender_restarts_is_delivered_and_applied_after_it()
    {
        var caseWorker = federation.Client("IT/NCP", "case-worker");
        var application = federation.Client("AL/NCP", "case-worker");
        string referral;
        SubmitResponse notice;
        await using (var first = await federation.StartAsync("IT/NCP", _data.File("it")))
        {
            await using (var up = await federation.StartAsync("AL/NCP", _data.File("al")))
            {
                referral = (await SendAsync(caseWorker, "AL/NCP", Purpose.TransnationalReferral, Example("case-referral"))).MessageId;
                await DeliveredAsync(caseWorker, referral);
            }

            notice = await NotifyAsync(caseWorker, "AL/NCP", NoticeKind.ConsentWithdrawal, [referral]);
            await WaitForStatusAsync(caseWorker, notice.MessageId, s => s.CurrentState == RetryWait, RetryWait);
        }

        await using var italy = await federation.StartAsync("IT/NCP", _data.File("it"));
        var afterRestart = await caseWorker.StatusAsync(new StatusRequest { MessageId = referral }, deadline: Deadline());
        Assert.Equal(notice.MessageId, Assert.Single(afterRestart.Notices).NoticeId);
        Assert.Equal(NoticeReferenceOutcome.Unspecified, afterRestart.Notices[0].Outcome);
        await using var albania = await federation.StartAsync("AL/NCP", _data.File("al"));

        var applied = await WaitForStatusAsync(application, referral, s => s.CurrentState == Withdrawn, Withdrawn);
        Assert.Equal(NoticeReferenceOutcome.Applied, Assert.Single(applied.Notices).Outcome);
        var sent = await WaitForNoticeAsync(caseWorker, referral, notice.MessageId, NoticeReferenceOutcome.Applied);
        Assert.Equal((NoticeKind.ConsentWithdrawal, StateNames.Name(OutboxState.Delivered)), (sent.Notices[0].Kind, sent.Notices[0].NoticeState));
        Assert.Equal([(referral, NoticeReferenceOutcome.Applied, ReasonCode.Unspecified)], await ReceiptReferencesAsync(italy, notice.MessageId));
    }
}
