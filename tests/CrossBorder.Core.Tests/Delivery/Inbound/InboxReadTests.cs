using CrossBorder.Contracts.V1;
using CrossBorder.Core.Delivery;
using CrossBorder.Core.Delivery.Inbound;
using CrossBorder.Core.Envelopes;
using CrossBorder.Core.Storage;
using CrossBorder.Core.Tests.EnvelopeBinding;
using CrossBorder.Core.Trust;
using Google.Protobuf;
using Microsoft.Extensions.Time.Testing;

namespace CrossBorder.Core.Tests.Delivery.Inbound;

/// <summary>
/// Reading from the inbox: the message opened on receipt while its stored bytes are unchanged;
/// otherwise decrypted with the key rings, its signature verified and its headers bound again.
/// </summary>
public sealed class InboxReadTests(BindingPki pki) : IClassFixture<BindingPki>
{
    private static readonly ParticipantId Albania = ParticipantId.Parse("AL/NCP");
    private static readonly DeliverySettings Settings = new(64 * 1024, TimeSpan.FromMinutes(5), TimeSpan.FromDays(14));
    private readonly FakeTimeProvider _time = new(TimeProvider.System.GetUtcNow());

    [Fact]
    public void A_stored_envelope_not_kept_in_memory_is_decrypted_and_bound_again()
    {
        var envelope = DeliveryParties.Seal(pki, "IT/NCP", "AL/NCP", _time.GetUtcNow());

        var read = Reader(new OpenedInbox(_time)).Read(Item(envelope.ToByteArray(), envelope.Route));

        Assert.True(read.IsAccepted);
        Assert.Equal("IT/NCP", read.Value.Sender.ToString());
        Assert.Equal(DeliveryParties.Payload(), read.Value.Payload);
    }

    [Fact]
    public void A_kept_message_is_served_without_decrypting()
    {
        var envelope = DeliveryParties.Seal(pki, "IT/NCP", "AL/NCP", _time.GetUtcNow());
        var encoded = envelope.ToByteArray();
        var inbox = new OpenedInbox(_time);
        var opened = Opener().Open(encoded);
        inbox.Remember("IT/NCP", envelope.Route.MessageId, encoded, opened);

        // No decryption key at all: only the kept message can answer.
        var read = new InboxRead(Albania, new FixedKeyRings(null), inbox, Settings).Read(Item(encoded, envelope.Route));

        Assert.True(read.IsAccepted);
        Assert.Same(opened, read.Value);
    }

    [Fact]
    public void Stored_bytes_changed_since_receipt_are_opened_again_and_refused()
    {
        var envelope = DeliveryParties.Seal(pki, "IT/NCP", "AL/NCP", _time.GetUtcNow());
        var inbox = new OpenedInbox(_time);
        inbox.Remember("IT/NCP", envelope.Route.MessageId, envelope.ToByteArray(), Opener().Open(envelope.ToByteArray()));
        var damaged = envelope.Clone();
        var bytes = damaged.Sealed.ToByteArray();
        bytes[bytes.Length / 2] ^= 0x01;
        damaged.Sealed = ByteString.CopyFrom(bytes);

        var read = Reader(inbox).Read(Item(damaged.ToByteArray(), damaged.Route));

        Assert.Equal(ReasonCode.DecryptFailed, read.Refusal?.Reason);
    }

    [Fact]
    public void A_stored_route_that_differs_from_the_signed_one_is_refused_header_mismatch()
    {
        var envelope = DeliveryParties.Seal(pki, "IT/NCP", "AL/NCP", _time.GetUtcNow());
        envelope.Route.ConversationId = DeliveryParties.NewId();

        var read = Reader(new OpenedInbox(_time)).Read(Item(envelope.ToByteArray(), envelope.Route));

        Assert.Equal(ReasonCode.HeaderMismatch, read.Refusal?.Reason);
    }

    [Fact]
    public void Bytes_sealed_to_another_participants_key_are_refused_not_a_recipient()
    {
        var envelope = DeliveryParties.Seal(pki, "IT/NCP", "AL/NCP", _time.GetUtcNow(), sealTo: "GR/NCP");

        var read = Reader(new OpenedInbox(_time)).Read(Item(envelope.ToByteArray(), envelope.Route));

        Assert.Equal(ReasonCode.NotARecipient, read.Refusal?.Reason);
    }

    [Fact]
    public void A_stored_envelope_over_a_lowered_limit_is_refused_too_large()
    {
        var envelope = DeliveryParties.Seal(pki, "IT/NCP", "AL/NCP", _time.GetUtcNow());
        var lowered = Settings with { MaxEnvelopeBytes = 100 };

        var read = new InboxRead(Albania, new FixedKeyRings(null, pki["AL/NCP"].Decryption), new OpenedInbox(_time), lowered).Read(Item(envelope.ToByteArray(), envelope.Route));

        Assert.Equal(ReasonCode.TooLarge, read.Refusal?.Reason);
    }

    private InboxRead Reader(OpenedInbox inbox) => new(Albania, new FixedKeyRings(null, pki["AL/NCP"].Decryption), inbox, Settings);

    private EnvelopeOpener Opener() => new(Albania, pki["AL/NCP"].Decryption, new AnchoredSignerValidator(pki.Anchors, [], []), _time, Settings.ClockSkew, Settings.MaxEnvelopeBytes);

    private InboxItem Item(byte[] encoded, RouteHeader route) => new(route.Sender, route.MessageId, route.MessageType, encoded, _time.GetUtcNow(), null);
}
