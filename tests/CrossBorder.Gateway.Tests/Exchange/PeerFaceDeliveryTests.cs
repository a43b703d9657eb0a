using System.Security.Cryptography;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Delivery.States;
using CrossBorder.Gateway.Tests.Infrastructure;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using static CrossBorder.Gateway.Testing.Exchanges;

namespace CrossBorder.Gateway.Tests.Exchange;

/// <summary>
/// The peer face against deliveries good and bad, from participants' real keys: each refusal
/// has its reason code, nothing refused reaches the inbox, and the gateway keeps answering.
/// </summary>
[Collection(SharedExchange.Name)]
public sealed class PeerFaceDeliveryTests(ExchangeFederation federation) : IDisposable
{
    private static readonly HashSet<MessageType> AllTypes = [.. System.Enum.GetValues<MessageType>().Where(t => t != MessageType.Unspecified)];

    private readonly TempDirectory _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task A_duplicate_gets_the_original_receipt_and_reaches_the_inbox_once_and_a_conflicting_id_is_refused()
    {
        await using var albania = await federation.StartAsync("AL/NCP", _data.File("al"));
        using var italy = new TestPeer(federation, "IT/NCP");
        var client = italy.Client(albania, "AL/NCP");
        var envelope = italy.Seal("AL/NCP", Minimized("return-plan", Purpose.ReturnCoordination));

        var first = await TestPeer.DeliverAsync(client, envelope.ToByteString());
        var second = await TestPeer.DeliverAsync(client, envelope.ToByteString());
        var conflicting = italy.Seal("AL/NCP", Minimized("return-plan", Purpose.ReturnCoordination), h =>
        {
            h.Route.MessageId = envelope.Route.MessageId;
            h.LegalBasis = "another legal basis";
        });
        var third = await TestPeer.DeliverAsync(client, conflicting.ToByteString());

        var receipt = italy.VerifyReceipt(first, "AL/NCP", envelope);
        Assert.Equal(ReceiptOutcome.Accepted, receipt.Outcome);
        Assert.Equal(SHA256.HashData(envelope.Sealed.Span), receipt.SealedSha256.ToByteArray());
        Assert.Equal(first.SignedReceipt, second.SignedReceipt);
        var refused = italy.VerifyReceipt(third, "AL/NCP", conflicting);
        Assert.Equal(ReceiptOutcome.Rejected, refused.Outcome);
        Assert.Equal(ReasonCode.IdConflict, refused.Reason);
        var inbox = await albania.Store.OfferAsync(AllTypes, 100, TimeProvider.System.GetUtcNow(), CancellationToken.None);
        Assert.Single(inbox);
    }

    [Fact]
    public async Task Bad_deliveries_get_their_reason_codes_the_gateway_stays_up_and_nothing_reaches_the_inbox()
    {
        await using var albania = await federation.StartAsync("AL/NCP", _data.File("al"), o => o.MaxEnvelopeBytes = 128 * 1024);
        using var italy = new TestPeer(federation, "IT/NCP");
        using var greece = new TestPeer(federation, "GR/NCP");
        using var police = new TestPeer(federation, "IT/POLICE");
        var client = italy.Client(albania, "AL/NCP");
        var good = italy.Seal("AL/NCP", Example("return-plan")).ToByteArray();

        var transport = new List<(string Case, ReasonCode Expected, Func<Task> Call)>
        {
            ("random bytes", ReasonCode.Malformed, () => TestPeer.DeliverAsync(client, ByteString.CopyFrom(RandomNumberGenerator.GetBytes(2000)))),
            ("truncated", ReasonCode.Malformed, () => TestPeer.DeliverAsync(client, ByteString.CopyFrom(good, 0, good.Length / 2))),
            ("oversized", ReasonCode.TooLarge, () => TestPeer.DeliverAsync(client, ByteString.CopyFrom(new byte[(128 * 1024) + 1]))),
            ("another recipient", ReasonCode.NotARecipient, () => TestPeer.DeliverAsync(client, italy.Seal("GR/NCP", Example("return-plan")).ToByteString())),
            ("sender is not the TLS peer", ReasonCode.SignerMismatch, () => TestPeer.DeliverAsync(greece.Client(albania, "AL/NCP"), italy.Seal("AL/NCP", Example("return-plan")).ToByteString())),
            ("signed by another participant", ReasonCode.SignerMismatch, () => TestPeer.DeliverAsync(client, greece.Seal("AL/NCP", Example("return-plan"), h => h.Route.Sender = "IT/NCP").ToByteString())),
            ("police sends victim assistance", ReasonCode.NotAuthorized, () => TestPeer.DeliverAsync(police.Client(albania, "AL/NCP"), police.Seal("AL/NCP", Example("case-referral")).ToByteString())),
            ("sealed to another key", ReasonCode.NotARecipient, () => TestPeer.DeliverAsync(client, italy.Seal("AL/NCP", Example("return-plan"), sealTo: "GR/NCP").ToByteString())),
        };
        foreach (var (name, expected, call) in transport)
        {
            var (reason, _) = await RefusalAsync(call);
            Assert.True(expected == reason, $"{name}: expected {expected}, got {reason}");
        }

        var now = TimeProvider.System.GetUtcNow();
        var receipts = new List<(string Case, ReasonCode Expected, SealedEnvelope Envelope)>
        {
            ("expired", ReasonCode.Stale, italy.Seal("AL/NCP", Example("return-plan"), h =>
            {
                h.Route.CreatedAt = Timestamp.FromDateTimeOffset(now.AddDays(-3));
                h.Route.ExpiresAt = Timestamp.FromDateTimeOffset(now.AddMinutes(-1));
            })),
            ("created in the future", ReasonCode.Stale, italy.Seal("AL/NCP", Example("return-plan"), h =>
            {
                h.Route.CreatedAt = Timestamp.FromDateTimeOffset(now.AddHours(2));
                h.Route.ExpiresAt = Timestamp.FromDateTimeOffset(now.AddHours(3));
            })),
            ("over-shared for the inbound policy", ReasonCode.PolicyRefused, italy.Seal("AL/NCP", Example("return-plan"))),
        };
        foreach (var (name, expected, envelope) in receipts)
        {
            var receipt = italy.VerifyReceipt(await TestPeer.DeliverAsync(client, envelope.ToByteString()), "AL/NCP", envelope);
            Assert.True(receipt.Outcome == ReceiptOutcome.Rejected && receipt.Reason == expected, $"{name}: expected REJECTED {expected}, got {receipt.Outcome} {receipt.Reason}");
            var trail = await albania.Store.TrailAsync(envelope.Route.MessageId, CancellationToken.None);
            Assert.Contains(trail, e => e.State == AuditState.Rejected && e.Reason == expected);
        }

        Assert.Empty(await albania.Store.OfferAsync(AllTypes, 100, TimeProvider.System.GetUtcNow(), CancellationToken.None));
        var ping = await client.PingAsync(new PingRequest(), deadline: Deadline());
        Assert.Equal("IT/NCP", ping.VerifiedCaller);
    }

    [Fact]
    public async Task A_type_the_trust_list_does_not_allow_between_the_two_participants_is_refused_before_opening()
    {
        await using var consular = await federation.StartAsync("AL/CONSULAR", _data.File("al-consular"));
        using var italy = new TestPeer(federation, "IT/NCP");
        var client = italy.Client(consular, "AL/CONSULAR");

        var (notReceivable, _) = await RefusalAsync(() => TestPeer.DeliverAsync(client, italy.Seal("AL/CONSULAR", Minimized("case-referral", Purpose.TransnationalReferral)).ToByteString()));
        var overShared = italy.Seal("AL/CONSULAR", Example("identity-confirmation-request"), h => h.Purpose = Purpose.IdentityVerification);
        var receipt = italy.VerifyReceipt(await TestPeer.DeliverAsync(client, overShared.ToByteString()), "AL/CONSULAR", overShared);

        Assert.Equal(ReasonCode.NotAuthorized, notReceivable);
        Assert.Equal(ReceiptOutcome.Rejected, receipt.Outcome);
        Assert.Equal(ReasonCode.PolicyRefused, receipt.Reason);
        Assert.Empty(await consular.Store.OfferAsync(AllTypes, 100, TimeProvider.System.GetUtcNow(), CancellationToken.None));
    }
}
