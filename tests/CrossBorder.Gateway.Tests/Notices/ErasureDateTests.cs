using System.Globalization;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Delivery.States;
using CrossBorder.Gateway.Tests.Infrastructure;
using Google.Protobuf;
using static CrossBorder.Gateway.Testing.Exchanges;
using static CrossBorder.Gateway.Tests.Notices.NoticeSteps;

namespace CrossBorder.Gateway.Tests.Notices;

/// <summary>
/// The payload's retention as the receiving gateway enforces it: a message whose erasure date has
/// begun (today's date began at UTC midnight) is accepted but never offered, and the purge moves
/// it to EXPIRED_UNREAD without its bytes; review and erasure dates are shown in inbox and status.
/// </summary>
[Collection(SharedExchange.Name)]
public sealed class ErasureDateTests(ExchangeFederation federation) : IDisposable
{
    private readonly TempDirectory _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task A_referral_whose_erasure_date_is_today_is_never_offered_and_expires_unread_and_a_later_one_shows_its_dates()
    {
        await using var italy = await federation.StartAsync("IT/NCP", _data.File("it"));
        await using var albania = await federation.StartAsync("AL/NCP", _data.File("al"));
        var caseWorker = federation.Client("IT/NCP", "case-worker");
        var application = federation.Client("AL/NCP", "case-worker");
        var today = TimeProvider.System.GetUtcNow().ToString("yyyy-MM-dd", CultureInfo.InvariantCulture);
        var due = await SendAsync(caseWorker, "AL/NCP", Purpose.TransnationalReferral, Referral(review: today, erasure: today));
        var later = await SendAsync(caseWorker, "AL/NCP", Purpose.TransnationalReferral, Referral(review: "2030-06", erasure: "2031-09-30"));
        await DeliveredAsync(caseWorker, due.MessageId, later.MessageId);

        // Before any purge has run: never offered, whatever the erasing task has done yet.
        var inbox = await LookAsync(application);
        var offered = Assert.Single(inbox);
        Assert.Equal(later.MessageId, offered.MessageId);
        Assert.Equal(("2030-06", "2031-09-30"), (offered.ReviewDate, offered.ErasureDate));

        await albania.PurgeNowAsync();

        var expired = await application.StatusAsync(new StatusRequest { MessageId = due.MessageId }, deadline: Deadline());
        Assert.Equal(StateNames.Name(InboxState.ExpiredUnread), expired.CurrentState);
        Assert.Equal((today, today), (expired.ReviewDate, expired.ErasureDate));
        Assert.Equal(StateNames.Name(InboxState.ExpiredUnread), expired.Events[^1].State);
        Assert.DoesNotContain(expired.Events, e => e.State == StateNames.Name(InboxState.Offered));
        var stored = await albania.Store.FindInboundAsync("IT/NCP", due.MessageId, CancellationToken.None);
        Assert.NotNull(stored);
        Assert.Equal((InboxState.ExpiredUnread, 32), (stored.State, stored.SealedSha256.Length));
        Assert.NotEmpty(stored.SignedReceipt);
        var (reason, _) = await RefusalAsync(() => application.AcknowledgeAsync(new AcknowledgeRequest { MessageId = due.MessageId, Sender = "IT/NCP" }, deadline: Deadline()).ResponseAsync);
        Assert.Equal(ReasonCode.NotFound, reason);

        var shown = await application.StatusAsync(new StatusRequest { MessageId = later.MessageId }, deadline: Deadline());
        Assert.Equal((StateNames.Name(InboxState.Offered), "2030-06", "2031-09-30"), (shown.CurrentState, shown.ReviewDate, shown.ErasureDate));
        Assert.Equal([later.MessageId], (await LookAsync(application)).Select(m => m.MessageId));

        // The sender's own status of a sent message shows no recipient-side dates.
        var sent = await caseWorker.StatusAsync(new StatusRequest { MessageId = due.MessageId }, deadline: Deadline());
        Assert.Equal(StateNames.Name(OutboxState.Delivered), sent.CurrentState);
    }

    [Fact]
    public async Task A_referral_whose_erasure_month_has_begun_is_never_offered_and_expires_unread_whatever_the_retention()
    {
        await using var italy = await federation.StartAsync("IT/NCP", _data.File("it"));
        await using var albania = await federation.StartAsync("AL/NCP", _data.File("al"), o => o.InboxRetentionHours = 24 * 365);
        var caseWorker = federation.Client("IT/NCP", "case-worker");
        var application = federation.Client("AL/NCP", "case-worker");
        var year = TimeProvider.System.GetUtcNow().Year.ToString(CultureInfo.InvariantCulture);
        var submitted = await SendAsync(caseWorker, "AL/NCP", Purpose.TransnationalReferral, Referral(review: "", erasure: year + "-01"));
        await DeliveredAsync(caseWorker, submitted.MessageId);

        // A month alone means its first day: already begun, so not even offered.
        Assert.Empty(await LookAsync(application));
        await albania.PurgeNowAsync();

        var status = await application.StatusAsync(new StatusRequest { MessageId = submitted.MessageId }, deadline: Deadline());
        Assert.Equal((StateNames.Name(InboxState.ExpiredUnread), "", year + "-01"), (status.CurrentState, status.ReviewDate, status.ErasureDate));
    }

    [Theory]
    [InlineData("2027-02-30")]
    [InlineData("2027-5-1")]
    [InlineData("31.12.2030")]
    [InlineData("2030-12-31T00:00:00Z")]
    public async Task A_peer_s_referral_whose_erasure_date_is_not_a_date_is_rejected_invalid_format_and_never_kept_without_its_erasure(string erasure)
    {
        await using var albania = await federation.StartAsync("AL/NCP", _data.File("al"));
        using var italy = new TestPeer(federation, "IT/NCP");
        var payload = Minimized("case-referral", Purpose.TransnationalReferral);
        payload.CaseReferral.Retention = new Retention { ReviewDate = "2027-03-31", ErasureDate = erasure };
        var envelope = italy.Seal("AL/NCP", payload, h => h.Purpose = Purpose.TransnationalReferral);

        var receipt = italy.VerifyReceipt(await TestPeer.DeliverAsync(italy.Client(albania, "AL/NCP"), envelope.ToByteString()), "AL/NCP", envelope);

        Assert.Equal((ReceiptOutcome.Rejected, ReasonCode.InvalidFormat), (receipt.Outcome, receipt.Reason));
        Assert.Null(await albania.Store.FindInboundAsync("IT/NCP", envelope.Route.MessageId, CancellationToken.None));
    }

    private static CasePayload Referral(string review, string erasure)
    {
        var payload = Example("case-referral");
        payload.CaseReferral.Retention = new Retention { ReviewDate = review, ErasureDate = erasure };
        return payload;
    }
}
