using CrossBorder.Contracts.V1;
using CrossBorder.Core.Delivery.States;
using CrossBorder.Gateway.Tests.Infrastructure;
using Google.Protobuf;
using static CrossBorder.Gateway.Testing.Exchanges;
using static CrossBorder.Gateway.Tests.Notices.NoticeSteps;

namespace CrossBorder.Gateway.Tests.Notices;

/// <summary>
/// Notices as a trusted but hostile or careless peer delivers them to a real gateway: without
/// their form they get a signed REJECTED receipt (INVALID_FORMAT) and change nothing; with bytes the
/// contract does not define they are refused UNKNOWN_FIELD; repeated, or sent again for a message
/// that has already ended, they change nothing more.
/// </summary>
[Collection(SharedExchange.Name)]
public sealed class NoticeFromPeerTests(ExchangeFederation federation) : IDisposable
{
    private static readonly HashSet<MessageType> AllTypes = [.. System.Enum.GetValues<MessageType>().Where(t => t != MessageType.Unspecified)];

    private readonly TempDirectory _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task Notices_without_their_form_or_with_undefined_bytes_are_refused_with_their_codes_and_the_referral_stays_offered()
    {
        await using var albania = await federation.StartAsync("AL/NCP", _data.File("al"));
        using var italy = new TestPeer(federation, "IT/NCP");
        var client = italy.Client(albania, "AL/NCP");
        var referral = italy.Seal("AL/NCP", Minimized("case-referral", Purpose.TransnationalReferral), h => h.Purpose = Purpose.TransnationalReferral);
        Assert.Equal(ReceiptOutcome.Accepted, italy.VerifyReceipt(await TestPeer.DeliverAsync(client, referral.ToByteString()), "AL/NCP", referral).Outcome);
        var id = referral.Route.MessageId;

        var tooMany = Notice(NoticeKind.ConsentWithdrawal, [id, .. Enumerable.Range(0, 100).Select(_ => Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16)))]);
        var noKind = Notice(NoticeKind.ConsentWithdrawal, [id]);
        noKind.CorrectionOrWithdrawalNotice.Kind = NoticeKind.Unspecified;
        var noReference = Notice(NoticeKind.Erasure, []);
        var correctedWithdrawal = Notice(NoticeKind.ConsentWithdrawal, [id]);
        correctedWithdrawal.CorrectionOrWithdrawalNotice.CorrectedBy = Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
        foreach (var (name, payload) in new[] { ("101 references", tooMany), ("kind 0", noKind), ("no reference", noReference), ("corrected_by on a withdrawal", correctedWithdrawal) })
        {
            var notice = italy.Seal("AL/NCP", payload, h => h.Purpose = Purpose.DataSubjectRights);
            var receipt = italy.VerifyReceipt(await TestPeer.DeliverAsync(client, notice.ToByteString()), "AL/NCP", notice);
            Assert.True((ReceiptOutcome.Rejected, ReasonCode.InvalidFormat) == (receipt.Outcome, receipt.Reason), $"{name}: {receipt.Outcome} {receipt.Reason}");
            Assert.Empty(receipt.NoticeReferences);
            Assert.Null(await albania.Store.FindInboundAsync("IT/NCP", notice.Route.MessageId, CancellationToken.None));
        }

        // CorrectionOrWithdrawalNotice bytes as the attacker writes them: references as a varint, an undefined field, an undefined kind.
        var reference = TestPeer.LengthDelimited(2, System.Text.Encoding.ASCII.GetBytes(id));
        byte[][] smuggles =
        [
            [0x08, 0x01, 0x10, 0x01],
            [0x08, 0x01, .. reference, 0x9A, 0x06, 0x01, (byte)'x'],
            [0x08, 99, .. reference],
        ];
        foreach (var smuggle in smuggles)
        {
            var raw = italy.SealRawPayload("AL/NCP", MessageType.CorrectionOrWithdrawalNotice, TestPeer.LengthDelimited(9, smuggle), h => h.Purpose = Purpose.DataSubjectRights);
            var (reason, _) = await RefusalAsync(() => TestPeer.DeliverAsync(client, raw.ToByteString()));
            Assert.Equal(ReasonCode.UnknownField, reason);
        }

        var stored = await albania.Store.FindInboundAsync("IT/NCP", id, CancellationToken.None);
        Assert.NotNull(stored);
        Assert.Equal(InboxState.Received, stored.State);
        Assert.Equal([id], (await albania.Store.OfferAsync(AllTypes, 100, TimeProvider.System.GetUtcNow(), CancellationToken.None)).Select(m => m.MessageId));
    }

    [Fact]
    public async Task A_repeated_notice_is_answered_its_receipt_and_a_later_notice_about_an_ended_message_changes_nothing()
    {
        await using var albania = await federation.StartAsync("AL/NCP", _data.File("al"));
        using var italy = new TestPeer(federation, "IT/NCP");
        var client = italy.Client(albania, "AL/NCP");
        var application = federation.Client("AL/NCP", "case-worker");
        var referral = italy.Seal("AL/NCP", Minimized("case-referral", Purpose.TransnationalReferral), h => h.Purpose = Purpose.TransnationalReferral);
        await TestPeer.DeliverAsync(client, referral.ToByteString());
        var id = referral.Route.MessageId;
        var withdrawal = italy.Seal("AL/NCP", Notice(NoticeKind.ConsentWithdrawal, [id]), h => h.Purpose = Purpose.DataSubjectRights);
        var rectification = italy.Seal("AL/NCP", Notice(NoticeKind.Rectification, [id], correctedBy: Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16))), h => h.Purpose = Purpose.DataSubjectRights);

        var first = await TestPeer.DeliverAsync(client, withdrawal.ToByteString());
        var events = (await application.StatusAsync(new StatusRequest { MessageId = id }, deadline: Deadline())).Events.Count;
        var repeat = await TestPeer.DeliverAsync(client, withdrawal.ToByteString());
        var later = italy.VerifyReceipt(await TestPeer.DeliverAsync(client, rectification.ToByteString()), "AL/NCP", rectification);

        Assert.Equal(first.SignedReceipt, repeat.SignedReceipt);
        Assert.Equal(NoticeReferenceOutcome.Applied, Assert.Single(italy.VerifyReceipt(first, "AL/NCP", withdrawal).NoticeReferences).Outcome);
        Assert.Equal((ReceiptOutcome.Accepted, NoticeReferenceOutcome.Applied), (later.Outcome, Assert.Single(later.NoticeReferences).Outcome));
        var status = await application.StatusAsync(new StatusRequest { MessageId = id }, deadline: Deadline());
        Assert.Equal((StateNames.Name(InboxState.Withdrawn), ""), (status.CurrentState, status.SupersededBy));
        Assert.Equal(events, status.Events.Count);
        Assert.Equal([withdrawal.Route.MessageId, rectification.Route.MessageId], status.Notices.Select(n => n.NoticeId));
        Assert.Equal(
            new[] { withdrawal.Route.MessageId, rectification.Route.MessageId }.Order(),
            (await LookAsync(application)).Select(m => m.MessageId).Order());
    }
}
