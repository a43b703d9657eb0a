using CrossBorder.Contracts.V1;
using CrossBorder.Gateway.Tests.Infrastructure;
using Google.Protobuf;
using static CrossBorder.Gateway.Testing.Exchanges;

namespace CrossBorder.Gateway.Tests.Exchange;

/// <summary>
/// A repeat of a stored message (same sender, id and sealed bytes) is answered the stored receipt
/// only under the routing header it was stored with; the envelopes are put together from raw
/// bytes around the sealed bytes a real peer made, as a relay or a misbehaving sender would.
/// </summary>
[Collection(SharedExchange.Name)]
public sealed class RepeatDeliveryTests(ExchangeFederation federation) : IDisposable
{
    private static readonly HashSet<MessageType> AllTypes = [.. System.Enum.GetValues<MessageType>().Where(t => t != MessageType.Unspecified)];

    private readonly TempDirectory _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task A_repeat_under_another_type_conversation_or_expiry_is_refused_as_a_header_mismatch_and_stored_once()
    {
        await using var albania = await federation.StartAsync("AL/NCP", _data.File("al"));
        using var italy = new TestPeer(federation, "IT/NCP");
        var client = italy.Client(albania, "AL/NCP");
        var envelope = italy.Seal("AL/NCP", Minimized("return-plan", Purpose.ReturnCoordination));
        var route = envelope.Route;
        var first = await TestPeer.DeliverAsync(client, envelope.ToByteString());
        Assert.Equal(ReceiptOutcome.Accepted, italy.VerifyReceipt(first, "AL/NCP", envelope).Outcome);

        byte[] Repeat(MessageType type, string conversation, DateTimeOffset expires) =>
        [
            .. Wire.Bytes(1, [
                .. Wire.Text(1, route.MessageId),
                .. Wire.Text(2, conversation),
                .. Wire.Text(3, route.Sender),
                .. Wire.Text(4, route.Recipient),
                .. Wire.Varint(5, (ulong)type),
                .. Wire.Varint(6, route.SchemaVersion),
                .. Wire.Time(7, route.CreatedAt.ToDateTimeOffset()),
                .. Wire.Time(8, expires),
                .. Wire.Varint(9, route.SizeBucket),
            ]),
            .. Wire.Bytes(2, envelope.Sealed.ToByteArray()),
        ];

        var expires = route.ExpiresAt.ToDateTimeOffset();
        var same = await TestPeer.DeliverAsync(client, ByteString.CopyFrom(Repeat(route.MessageType, route.ConversationId, expires)));
        Assert.Equal(first.SignedReceipt, same.SignedReceipt);

        var altered = new (string Case, byte[] Envelope)[]
        {
            ("type", Repeat(MessageType.CaseReferral, route.ConversationId, expires)),
            ("conversation", Repeat(route.MessageType, new string('a', 32), expires)),
            ("expiry", Repeat(route.MessageType, route.ConversationId, expires.AddMinutes(30))),
        };
        foreach (var (name, bytes) in altered)
        {
            var (reason, _) = await RefusalAsync(() => TestPeer.DeliverAsync(client, ByteString.CopyFrom(bytes)));
            Assert.True(reason == ReasonCode.HeaderMismatch, $"{name}: expected HEADER_MISMATCH, got {reason}");
        }

        var stored = Assert.Single(await albania.Store.OfferAsync(AllTypes, 100, TimeProvider.System.GetUtcNow(), CancellationToken.None));
        Assert.Equal(route.MessageId, stored.MessageId);
        Assert.Equal(MessageType.ReturnPlan, stored.MessageType);
    }
}
