using CrossBorder.Contracts.V1;
using CrossBorder.Core.Delivery.States;
using CrossBorder.Gateway.Tests.Infrastructure;
using static CrossBorder.Gateway.Testing.Exchanges;
using static CrossBorder.Gateway.Tests.Notices.NoticeSteps;

namespace CrossBorder.Gateway.Tests.Notices;

/// <summary>
/// A consent withdrawal stops what has not left yet: the referrals of its conversation still
/// waiting for a recipient that is down are CANCELLED before the notice is queued, the submit
/// answer names them, and when the recipient comes up it receives the notice and nothing else.
/// </summary>
[Collection(SharedExchange.Name)]
public sealed class NoticeCancelsOutboxTests(ExchangeFederation federation) : IDisposable
{
    private static readonly HashSet<MessageType> AllTypes = [.. System.Enum.GetValues<MessageType>().Where(t => t != MessageType.Unspecified)];
    private static readonly string RetryWait = StateNames.Name(OutboxState.RetryWait);
    private static readonly string Cancelled = StateNames.Name(OutboxState.Cancelled);

    private readonly TempDirectory _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task A_withdrawal_for_a_conversation_cancels_its_waiting_referrals_and_only_the_notice_reaches_the_recipient()
    {
        // Long retries: the referrals stay in RETRY_WAIT (never mid-attempt) while the notice is
        // submitted; Italy restarts with fast retries (the waiting ones keep their next attempt) so
        // that the notice, sent while Albania is still down, reaches it soon after it comes up.
        var caseWorker = federation.Client("IT/NCP", "case-worker");
        SubmitResponse first, second, elsewhere;
        await using (var slow = await federation.StartAsync("IT/NCP", _data.File("it"), o =>
        {
            o.RetryInitialSeconds = 60;
            o.RetryMaxSeconds = 60;
        }))
        {
            first = await SendAsync(caseWorker, "AL/NCP", Purpose.TransnationalReferral, Example("case-referral"));
            second = await caseWorker.SubmitAsync(
                new SubmitRequest { Recipient = "AL/NCP", Purpose = Purpose.TransnationalReferral, LegalBasis = LegalBasis, ConversationId = first.ConversationId, Payload = Example("case-referral") },
                deadline: Deadline());
            elsewhere = await SendAsync(caseWorker, "AL/NCP", Purpose.TransnationalReferral, Example("case-referral"));
            Assert.Equal(first.ConversationId, second.ConversationId);
            foreach (var id in new[] { first.MessageId, second.MessageId, elsewhere.MessageId })
            {
                await WaitForStatusAsync(caseWorker, id, s => s.CurrentState == RetryWait, RetryWait);
            }
        }

        await using var italy = await federation.StartAsync("IT/NCP", _data.File("it"));
        var notice = await NotifyAsync(caseWorker, "AL/NCP", NoticeKind.ConsentWithdrawal, [first.MessageId], conversationId: first.ConversationId);

        Assert.Equal(new[] { first.MessageId, second.MessageId }.Order(StringComparer.Ordinal), notice.CancelledMessageIds);
        foreach (var id in new[] { first.MessageId, second.MessageId })
        {
            var status = await caseWorker.StatusAsync(new StatusRequest { MessageId = id }, deadline: Deadline());
            Assert.Equal(Cancelled, status.CurrentState);
            Assert.Equal(Cancelled, status.Events[^1].State);
            var outbound = await italy.Store.FindOutboundAsync(id, CancellationToken.None);
            Assert.NotNull(outbound);
            Assert.Equal((OutboxState.Cancelled, 32), (outbound.State, outbound.SealedSha256.Length));
        }

        Assert.Equal(RetryWait, (await caseWorker.StatusAsync(new StatusRequest { MessageId = elsewhere.MessageId }, deadline: Deadline())).CurrentState);
        await using var albania = await federation.StartAsync("AL/NCP", _data.File("al"));
        await DeliveredAsync(caseWorker, notice.MessageId);

        // Albania got the notice alone; the withdrawn referral is awaited there, never to arrive.
        var offered = await albania.Store.OfferAsync(AllTypes, 100, TimeProvider.System.GetUtcNow(), CancellationToken.None);
        Assert.Equal([notice.MessageId], offered.Select(m => m.MessageId));
        Assert.Null(await albania.Store.FindInboundAsync("IT/NCP", first.MessageId, CancellationToken.None));
        Assert.Null(await albania.Store.FindInboundAsync("IT/NCP", second.MessageId, CancellationToken.None));
        Assert.Equal([(first.MessageId, NoticeReferenceOutcome.Awaited, ReasonCode.Unspecified)], await ReceiptReferencesAsync(italy, notice.MessageId));
        var sent = await caseWorker.StatusAsync(new StatusRequest { MessageId = first.MessageId }, deadline: Deadline());
        Assert.Equal((notice.MessageId, NoticeReferenceOutcome.Awaited), (Assert.Single(sent.Notices).NoticeId, sent.Notices[0].Outcome));
    }

    [Fact]
    public async Task A_rectification_cancels_nothing_and_an_erasure_cancels_only_what_it_names_for_the_same_recipient()
    {
        await using var italy = await federation.StartAsync("IT/NCP", _data.File("it"), o =>
        {
            o.RetryInitialSeconds = 60;
            o.RetryMaxSeconds = 60;
        });
        var caseWorker = federation.Client("IT/NCP", "case-worker");
        var named = await SendAsync(caseWorker, "AL/NCP", Purpose.TransnationalReferral, Example("case-referral"));
        var sameConversation = await caseWorker.SubmitAsync(
            new SubmitRequest { Recipient = "AL/NCP", Purpose = Purpose.TransnationalReferral, LegalBasis = LegalBasis, ConversationId = named.ConversationId, Payload = Example("case-referral") },
            deadline: Deadline());
        var toGreece = await SendAsync(caseWorker, "GR/NCP", Purpose.TransnationalReferral, ReferralTo("GR/NCP"));
        foreach (var id in new[] { named.MessageId, sameConversation.MessageId, toGreece.MessageId })
        {
            await WaitForStatusAsync(caseWorker, id, s => s.CurrentState == RetryWait, RetryWait);
        }

        var rectification = await NotifyAsync(caseWorker, "AL/NCP", NoticeKind.Rectification, [named.MessageId], correctedBy: sameConversation.MessageId, conversationId: named.ConversationId);
        Assert.Empty(rectification.CancelledMessageIds);

        // Greece's referral is named too, but the erasure goes to Albania: only Albania's is cancelled, and not the other one of the conversation.
        var erasure = await NotifyAsync(caseWorker, "AL/NCP", NoticeKind.Erasure, [named.MessageId, toGreece.MessageId], conversationId: named.ConversationId);

        Assert.Equal([named.MessageId], erasure.CancelledMessageIds);
        Assert.Equal(StateNames.Name(OutboxState.Cancelled), (await caseWorker.StatusAsync(new StatusRequest { MessageId = named.MessageId }, deadline: Deadline())).CurrentState);
        Assert.Equal(RetryWait, (await caseWorker.StatusAsync(new StatusRequest { MessageId = sameConversation.MessageId }, deadline: Deadline())).CurrentState);
        Assert.Equal(RetryWait, (await caseWorker.StatusAsync(new StatusRequest { MessageId = toGreece.MessageId }, deadline: Deadline())).CurrentState);
    }

    [Fact]
    public async Task A_notice_submitted_without_its_form_is_refused_invalid_format_and_cancels_nothing()
    {
        await using var italy = await federation.StartAsync("IT/NCP", _data.File("it"), o =>
        {
            o.RetryInitialSeconds = 60;
            o.RetryMaxSeconds = 60;
        });
        var caseWorker = federation.Client("IT/NCP", "case-worker");
        var waiting = await SendAsync(caseWorker, "AL/NCP", Purpose.TransnationalReferral, Example("case-referral"));
        await WaitForStatusAsync(caseWorker, waiting.MessageId, s => s.CurrentState == RetryWait, RetryWait);
        var tooMany = Enumerable.Range(0, 101).Select(_ => Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16))).Prepend(waiting.MessageId).ToList();

        var cases = new List<(string Case, Func<Task> Call)>
        {
            ("102 references", () => NotifyAsync(caseWorker, "AL/NCP", NoticeKind.ConsentWithdrawal, tooMany, conversationId: waiting.ConversationId)),
            ("no kind", () => NotifyAsync(caseWorker, "AL/NCP", NoticeKind.Unspecified, [waiting.MessageId], conversationId: waiting.ConversationId)),
            ("no reference", () => NotifyAsync(caseWorker, "AL/NCP", NoticeKind.ConsentWithdrawal, [], conversationId: waiting.ConversationId)),
            ("corrected_by on an erasure", () => NotifyAsync(caseWorker, "AL/NCP", NoticeKind.Erasure, [waiting.MessageId], correctedBy: waiting.MessageId)),
            ("a reference that is no id", () => NotifyAsync(caseWorker, "AL/NCP", NoticeKind.Erasure, [waiting.MessageId, "../../etc/passwd"])),
        };
        foreach (var (name, call) in cases)
        {
            var (reason, _) = await RefusalAsync(call);
            Assert.True(reason == ReasonCode.InvalidFormat, $"{name}: refused {reason}");
        }

        var status = await caseWorker.StatusAsync(new StatusRequest { MessageId = waiting.MessageId }, deadline: Deadline());
        Assert.Equal(RetryWait, status.CurrentState);
        Assert.Empty(status.Notices);
        Assert.Equal(1, (await italy.Store.OutboxCountsAsync(CancellationToken.None)).Values.Sum());
    }

    [Fact]
    public async Task A_consent_withdrawal_never_cancels_an_earlier_notice_of_its_conversation_that_still_waits()
    {
        var caseWorker = federation.Client("IT/NCP", "case-worker");
        var application = federation.Client("AL/NCP", "case-worker");
        SubmitResponse delivered, waiting;
        await using (var slow = await federation.StartAsync("IT/NCP", _data.File("it"), o =>
        {
            o.RetryInitialSeconds = 60;
            o.RetryMaxSeconds = 60;
        }))
        {
            await using (var up = await federation.StartAsync("AL/NCP", _data.File("al")))
            {
                delivered = await SendAsync(caseWorker, "AL/NCP", Purpose.TransnationalReferral, Example("case-referral"));
                await DeliveredAsync(caseWorker, delivered.MessageId);
            }

            // Albania is down: a later referral of the conversation waits, a minute from its next attempt.
            waiting = await caseWorker.SubmitAsync(
                new SubmitRequest { Recipient = "AL/NCP", Purpose = Purpose.TransnationalReferral, LegalBasis = LegalBasis, ConversationId = delivered.ConversationId, Payload = Example("case-referral") },
                deadline: Deadline());
            await WaitForStatusAsync(caseWorker, waiting.MessageId, s => s.CurrentState == RetryWait, RetryWait);
        }

        // With fast retries again: the erasure of the delivered referral waits for Albania, then the withdrawal comes.
        await using var italy = await federation.StartAsync("IT/NCP", _data.File("it"));
        var erasure = await NotifyAsync(caseWorker, "AL/NCP", NoticeKind.Erasure, [delivered.MessageId], conversationId: delivered.ConversationId);
        await WaitForStatusAsync(caseWorker, erasure.MessageId, s => s.CurrentState == RetryWait, RetryWait);
        var withdrawal = await NotifyAsync(caseWorker, "AL/NCP", NoticeKind.ConsentWithdrawal, [waiting.MessageId], conversationId: delivered.ConversationId);

        // The withdrawal stops the referral that had not left; the erasure notice must still reach Albania.
        Assert.Equal([waiting.MessageId], withdrawal.CancelledMessageIds);
        Assert.NotEqual(Cancelled, (await caseWorker.StatusAsync(new StatusRequest { MessageId = erasure.MessageId }, deadline: Deadline())).CurrentState);
        await using var albania = await federation.StartAsync("AL/NCP", _data.File("al"));
        await DeliveredAsync(caseWorker, erasure.MessageId, withdrawal.MessageId);
        var erased = await WaitForStatusAsync(application, delivered.MessageId, s => s.CurrentState == StateNames.Name(InboxState.Withdrawn), StateNames.Name(InboxState.Withdrawn));
        Assert.Equal(erasure.MessageId, Assert.Single(erased.Notices).NoticeId);
        Assert.Equal([(waiting.MessageId, NoticeReferenceOutcome.Awaited, ReasonCode.Unspecified)], await ReceiptReferencesAsync(italy, withdrawal.MessageId));
    }

    /// <summary>The example referral with consent to share it with <paramref name="recipient"/>.</summary>
    private static CasePayload ReferralTo(string recipient)
    {
        var payload = Example("case-referral");
        payload.CaseReferral.Consent.Recipients.Clear();
        payload.CaseReferral.Consent.Recipients.Add(recipient);
        return payload;
    }
}
