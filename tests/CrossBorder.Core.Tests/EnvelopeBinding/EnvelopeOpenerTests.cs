using CrossBorder.Contracts.V1;
using CrossBorder.Core.Envelopes;
using CrossBorder.Core.Envelopes.Cms;
using CrossBorder.Core.Errors;
using CrossBorder.Core.Trust;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Time.Testing;

namespace CrossBorder.Core.Tests.EnvelopeBinding;

public sealed class EnvelopeOpenerTests(BindingPki pki) : IClassFixture<BindingPki>
{
    private static readonly TimeSpan Skew = TimeSpan.FromMinutes(2);
    private readonly FakeTimeProvider _time = new(TimeProvider.System.GetUtcNow());

    [Fact]
    public void Seal_then_open_returns_the_signed_header_payload_and_sender()
    {
        var sealedEnvelope = Seal("AL/NCP", "IT/NCP", ReturnPlanPayload());

        var opened = Opener("IT/NCP").Open(sealedEnvelope.ToByteArray());

        Assert.Equal("AL/NCP", opened.Sender.ToString());
        Assert.Equal(sealedEnvelope.Route, opened.Header.Route);
        Assert.Equal(Purpose.ReturnCoordination, opened.Header.Purpose);
        Assert.Equal(ReturnPlanPayload(), opened.Payload);
    }

    [Theory]
    [InlineData(0, 1024)]
    [InlineData(1, 1024)]
    [InlineData(1024, 1024)]
    [InlineData(1025, 2048)]
    [InlineData(16 * 1024, 16 * 1024)]
    [InlineData((16 * 1024) + 1, 32 * 1024)]
    [InlineData(100_000, 131_072)]
    [InlineData(1024 * 1024, 1024 * 1024)]
    [InlineData((1024 * 1024) + 1, 2 * 1024 * 1024)]
    [InlineData((15 * 1024 * 1024) - 5000, 15 * 1024 * 1024)]
    public void Size_buckets_are_whole_kibibytes_up_to_16_kib_then_powers_of_two_up_to_1_mib_then_whole_mebibytes(int length, int bucket) =>
        Assert.Equal(bucket, SizeBuckets.For(length));

    [Theory]
    [InlineData(10)]
    [InlineData(900)]
    [InlineData(3000)]
    [InlineData(20_000)]
    public void Signed_content_is_padded_to_exactly_the_bucket_the_route_names(int narrativeLength)
    {
        var payload = new CasePayload { ReturnPlan = new ReturnPlan { Remarks = new string('x', narrativeLength) } };
        var sealedEnvelope = Seal("AL/NCP", "IT/NCP", payload);

        var bucket = (int)sealedEnvelope.Route.SizeBucket;
        Assert.Equal(SizeBuckets.For(bucket), bucket);
        Assert.True(bucket > narrativeLength);
        var opened = Opener("IT/NCP").Open(sealedEnvelope.ToByteArray());
        Assert.Equal(narrativeLength, opened.Payload.ReturnPlan.Remarks.Length);
    }

    [Theory]
    [InlineData("message_id")]
    [InlineData("conversation_id")]
    [InlineData("sender")]
    [InlineData("message_type")]
    [InlineData("created_at")]
    [InlineData("expires_at")]
    [InlineData("size_bucket")]
    public void Open_rejects_a_routing_header_that_differs_from_the_signed_one(string field)
    {
        var sealedEnvelope = Seal("AL/NCP", "IT/NCP", ReturnPlanPayload());
        var route = sealedEnvelope.Route;
        switch (field)
        {
            case "message_id": route.MessageId = NewId(); break;
            case "conversation_id": route.ConversationId = NewId(); break;
            case "sender": route.Sender = "GR/NCP"; break;
            case "message_type": route.MessageType = MessageType.CaseReferral; break;
            case "created_at": route.CreatedAt = Timestamp.FromDateTimeOffset(route.CreatedAt.ToDateTimeOffset().AddSeconds(-1)); break;
            case "expires_at": route.ExpiresAt = Timestamp.FromDateTimeOffset(route.ExpiresAt.ToDateTimeOffset().AddDays(30)); break;
            case "size_bucket": route.SizeBucket *= 2; break;
        }

        var error = Assert.Throws<RejectedException>(() => Opener("IT/NCP").Open(sealedEnvelope.ToByteArray()));

        Assert.Equal(ReasonCode.HeaderMismatch, error.Reason);
        Assert.Contains(field, error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_rejects_an_envelope_routed_to_another_recipient()
    {
        var sealedEnvelope = Seal("AL/NCP", "IT/NCP", ReturnPlanPayload());

        var error = Assert.Throws<RejectedException>(() => Opener("GR/NCP").Open(sealedEnvelope.ToByteArray()));

        Assert.Equal(ReasonCode.HeaderMismatch, error.Reason);
        Assert.Contains("recipient", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_rejects_an_envelope_redirected_to_another_recipient()
    {
        var sealedEnvelope = Seal("AL/NCP", "IT/NCP", ReturnPlanPayload());
        sealedEnvelope.Route.Recipient = "GR/NCP";

        var error = Assert.Throws<RejectedException>(() => Opener("GR/NCP").Open(sealedEnvelope.ToByteArray()));

        Assert.Equal(ReasonCode.NotARecipient, error.Reason);
    }

    [Theory]
    [InlineData(false)]
    [InlineData(true)]
    public void Open_rejects_a_signed_message_its_recipient_reencrypted_to_a_third_party(bool recipientClaimsToBeSender)
    {
        // IT/NCP receives AL/NCP's signed message and forwards the signed content, re-encrypted, to GR/NCP.
        var original = Seal("AL/NCP", "IT/NCP", ReturnPlanPayload());
        var signedData = AuthEnvelopedDataReader.Decrypt(original.Sealed.Memory, pki["IT/NCP"].Decryption);
        var forwarded = new SealedEnvelope
        {
            Route = original.Route.Clone(),
            Sealed = ByteString.CopyFrom(AuthEnvelopedDataWriter.Write(signedData, [pki["GR/NCP"].Encryption])),
        };
        forwarded.Route.Recipient = "GR/NCP";
        if (recipientClaimsToBeSender)
        {
            forwarded.Route.Sender = "IT/NCP";
        }

        var error = Assert.Throws<RejectedException>(() => Opener("GR/NCP").Open(forwarded.ToByteArray()));

        Assert.Equal(ReasonCode.HeaderMismatch, error.Reason);
        Assert.Contains(recipientClaimsToBeSender ? "sender" : "recipient", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_rejects_a_message_signed_by_a_participant_other_than_the_sender()
    {
        // IT/NCP signs a header that claims AL/NCP sent it.
        var header = Header("AL/NCP", "GR/NCP");
        var sealedEnvelope = EnvelopeSealer.Seal(header, ReturnPlanPayload(), pki["IT/NCP"].Signing, [pki["GR/NCP"].Encryption], _time.GetUtcNow());

        var error = Assert.Throws<RejectedException>(() => Opener("GR/NCP").Open(sealedEnvelope.ToByteArray()));

        Assert.Equal(ReasonCode.SignerMismatch, error.Reason);
    }

    [Fact]
    public void Open_rejects_a_payload_of_another_type_than_the_routed_one()
    {
        var header = Header("AL/NCP", "IT/NCP");
        header.Route.MessageType = MessageType.CaseReferral;
        var sealedEnvelope = EnvelopeSealer.Seal(header, ReturnPlanPayload(), pki["AL/NCP"].Signing, [pki["IT/NCP"].Encryption], _time.GetUtcNow());

        var error = Assert.Throws<RejectedException>(() => Opener("IT/NCP").Open(sealedEnvelope.ToByteArray()));

        Assert.Equal(ReasonCode.HeaderMismatch, error.Reason);
        Assert.Contains("message_type", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Open_rejects_a_signing_time_beyond_the_allowed_skew_and_accepts_one_within_it()
    {
        var header = Header("AL/NCP", "IT/NCP");
        var future = EnvelopeSealer.Seal(header, ReturnPlanPayload(), pki["AL/NCP"].Signing, [pki["IT/NCP"].Encryption], _time.GetUtcNow() + Skew + TimeSpan.FromSeconds(5));
        var withinSkew = EnvelopeSealer.Seal(header, ReturnPlanPayload(), pki["AL/NCP"].Signing, [pki["IT/NCP"].Encryption], _time.GetUtcNow() + Skew - TimeSpan.FromSeconds(5));

        var error = Assert.Throws<RejectedException>(() => Opener("IT/NCP").Open(future.ToByteArray()));

        Assert.Equal(ReasonCode.Stale, error.Reason);
        Assert.Equal("AL/NCP", Opener("IT/NCP").Open(withinSkew.ToByteArray()).Sender.ToString());
    }

    [Fact]
    public void Open_rejects_an_unknown_message_type_and_schema_version()
    {
        var unknownType = Seal("AL/NCP", "IT/NCP", ReturnPlanPayload());
        unknownType.Route.MessageType = (MessageType)99;
        var unknownVersion = Seal("AL/NCP", "IT/NCP", ReturnPlanPayload());
        unknownVersion.Route.SchemaVersion = 2;

        Assert.Equal(ReasonCode.UnknownMessageType, Assert.Throws<RejectedException>(() => Opener("IT/NCP").Open(unknownType.ToByteArray())).Reason);
        Assert.Equal(ReasonCode.UnsupportedSchemaVersion, Assert.Throws<RejectedException>(() => Opener("IT/NCP").Open(unknownVersion.ToByteArray())).Reason);
    }

    [Fact]
    public void Open_rejects_garbage_as_malformed_and_oversize_as_too_large()
    {
        var sealedEnvelope = Seal("AL/NCP", "IT/NCP", ReturnPlanPayload()).ToByteArray();
        var opener = new EnvelopeOpener(ParticipantId.Parse("IT/NCP"), pki["IT/NCP"].Decryption, Validator(), _time, Skew, sealedEnvelope.Length - 1);

        Assert.Equal(ReasonCode.Malformed, Assert.Throws<RejectedException>(() => Opener("IT/NCP").Open(new byte[] { 0xFF, 0x01, 0x02 })).Reason);
        Assert.Equal(ReasonCode.TooLarge, Assert.Throws<RejectedException>(() => opener.Open(sealedEnvelope)).Reason);
    }

    [Fact]
    public void During_a_rollover_envelopes_sealed_to_the_old_or_the_new_encryption_certificate_both_open()
    {
        var successor = pki.MakeParty("IT/NCP");
        var opener = new EnvelopeOpener(ParticipantId.Parse("IT/NCP"), [successor.Decryption, pki["IT/NCP"].Decryption], Validator(), _time, Skew, 16 * 1024 * 1024);
        var toOld = Seal("AL/NCP", "IT/NCP", ReturnPlanPayload());
        var toNew = EnvelopeSealer.Seal(Header("AL/NCP", "IT/NCP"), ReturnPlanPayload(), pki["AL/NCP"].Signing, [successor.Encryption], _time.GetUtcNow());

        Assert.Equal("AL/NCP", opener.Open(toOld.ToByteArray()).Sender.ToString());
        Assert.Equal("AL/NCP", opener.Open(toNew.ToByteArray()).Sender.ToString());
        Assert.Equal(ReasonCode.NotARecipient, Assert.Throws<RejectedException>(() => Opener("IT/NCP").Open(toNew.ToByteArray())).Reason);
    }

    [Fact]
    public void A_message_signed_with_an_older_still_valid_signing_certificate_verifies()
    {
        var successor = pki.MakeParty("AL/NCP");
        var byNew = EnvelopeSealer.Seal(Header("AL/NCP", "IT/NCP"), ReturnPlanPayload(), successor.Signing, [pki["IT/NCP"].Encryption], _time.GetUtcNow());
        var byOld = Seal("AL/NCP", "IT/NCP", ReturnPlanPayload());

        Assert.Equal("AL/NCP", Opener("IT/NCP").Open(byNew.ToByteArray()).Sender.ToString());
        Assert.Equal("AL/NCP", Opener("IT/NCP").Open(byOld.ToByteArray()).Sender.ToString());
    }

    [Fact]
    public void Open_rejects_a_signer_whose_certificate_names_no_participant()
    {
        var anonymous = pki.MakeParty("AL/NCP", uri: "urn:example:not-a-participant");
        var sealedEnvelope = EnvelopeSealer.Seal(Header("AL/NCP", "IT/NCP"), ReturnPlanPayload(), anonymous.Signing, [pki["IT/NCP"].Encryption], _time.GetUtcNow());

        var error = Assert.Throws<RejectedException>(() => Opener("IT/NCP").Open(sealedEnvelope.ToByteArray()));

        Assert.Equal(ReasonCode.SignerMismatch, error.Reason);
    }

    private SealedEnvelope Seal(string from, string to, CasePayload payload) =>
        EnvelopeSealer.Seal(Header(from, to), payload, pki[from].Signing, [pki[to].Encryption], _time.GetUtcNow());

    private EnvelopeOpener Opener(string self) =>
        new(ParticipantId.Parse(self), pki[self].Decryption, Validator(), _time, Skew, 16 * 1024 * 1024);

    private AnchoredSignerValidator Validator() => new(pki.Anchors, [], []);

    private InnerHeader Header(string from, string to) => new()
    {
        Route = new RouteHeader
        {
            MessageId = NewId(),
            ConversationId = NewId(),
            Sender = from,
            Recipient = to,
            MessageType = MessageType.ReturnPlan,
            CreatedAt = Timestamp.FromDateTimeOffset(_time.GetUtcNow()),
            ExpiresAt = Timestamp.FromDateTimeOffset(_time.GetUtcNow().AddDays(7)),
        },
        Purpose = Purpose.ReturnCoordination,
        LegalBasis = "AL-IT/2019/TRM-MoU art. 6",
        PolicyStamp = new PolicyStamp { Id = "default", Version = "1", Sha256 = ByteString.CopyFrom(new byte[32]) },
    };

    private static CasePayload ReturnPlanPayload() => new() { ReturnPlan = new ReturnPlan { Remarks = "escort confirmed" } };

    private static string NewId() => Convert.ToHexStringLower(System.Security.Cryptography.RandomNumberGenerator.GetBytes(16));
}
