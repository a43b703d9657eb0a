using CrossBorder.Contracts.V1;
using CrossBorder.Core.Contracts;
using CrossBorder.Core.Envelopes;
using CrossBorder.Core.Errors;
using CrossBorder.Core.Tests.Policy;
using CrossBorder.Core.Tests.Trust;
using CrossBorder.Core.Trust;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Time.Testing;
using static CrossBorder.Core.Tests.Support.ProtoBytes;

namespace CrossBorder.Core.Tests.EnvelopeBinding;

/// <summary>
/// Every entry refuses a smuggled field (here a bool sent length-delimited with text, hand-encoded):
/// the minimizer cannot pass one on, the sealer will not sign one, and the opener, the receipt
/// reader and the trust list reader refuse one with UNKNOWN_FIELD.
/// </summary>
public sealed class SmuggledFieldEntryTests(BindingPki pki) : IClassFixture<BindingPki>
{
    private const string Smuggled = "victim_status=IDENTIFIED, shelter=Via Roma 1";
    private readonly FakeTimeProvider _time = new(TimeProvider.System.GetUtcNow());

    [Fact]
    public void A_payload_smuggling_a_field_past_the_policy_cannot_be_sealed()
    {
        var example = PolicyKit.Example("identity-confirmation-request");
        var withSmuggled = CasePayload.Parser.ParseFrom([.. example.ToByteArray(), .. LenField(2, TextField(8, Smuggled))]);
        var allowed = PolicyKit.Allowed(PolicyKit.Default.Evaluate(
            withSmuggled, PolicyKit.Context(MessageType.IdentityConfirmationRequest, "AL/CONSULAR", Purpose.IdentityVerification), PolicyKit.Keys));

        var error = Assert.Throws<RejectedException>(() => EnvelopeSealer.Seal(
            Header("IT/NCP", "AL/NCP", MessageType.IdentityConfirmationRequest), allowed.Payload, pki["IT/NCP"].Signing, [pki["AL/NCP"].Encryption], _time.GetUtcNow()));

        Assert.Equal(ReasonCode.UnknownField, error.Reason);
        Assert.Contains("identity_confirmation_request.#8(wire 2)", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_sealer_refuses_to_sign_a_payload_with_an_unknown_field()
    {
        var payload = CasePayload.Parser.ParseFrom(LenField(5, TextField(99, Smuggled)));

        var error = Assert.Throws<RejectedException>(() =>
            EnvelopeSealer.Seal(Header("AL/NCP", "IT/NCP", MessageType.ReturnPlan), payload, pki["AL/NCP"].Signing, [pki["IT/NCP"].Encryption], _time.GetUtcNow()));

        Assert.Equal(ReasonCode.UnknownField, error.Reason);
    }

    [Fact]
    public void An_opened_envelope_whose_signed_payload_smuggles_a_field_is_refused()
    {
        // A trusted sender signs content it encoded by hand: header as the contract wants, payload with the bool of field 8 as text.
        var header = Header("AL/NCP", "IT/NCP", MessageType.IdentityConfirmationRequest);
        byte[] content;
        do
        {
            content = Concat(LenField(1, header.ToByteArray()), LenField(2, LenField(2, TextField(8, Smuggled))));
            header.Route.SizeBucket = header.Route.SizeBucket == content.Length ? header.Route.SizeBucket : (uint)content.Length;
        }
        while (header.Route.SizeBucket != Concat(LenField(1, header.ToByteArray()), LenField(2, LenField(2, TextField(8, Smuggled)))).Length);
        content = Concat(LenField(1, header.ToByteArray()), LenField(2, LenField(2, TextField(8, Smuggled))));
        var sealedBytes = CmsEnvelope.Seal(content, pki["AL/NCP"].Signing.Certificate, pki["AL/NCP"].Signing.Key, [], [pki["IT/NCP"].Encryption], _time.GetUtcNow());

        var opener = new EnvelopeOpener(ParticipantId.Parse("IT/NCP"), pki["IT/NCP"].Decryption, new AnchoredSignerValidator(pki.Anchors, [], []), _time, TimeSpan.FromMinutes(2), 1 << 24);
        var error = Assert.Throws<RejectedException>(() => opener.Open(header.Route, sealedBytes));

        Assert.Equal(ReasonCode.UnknownField, error.Reason);
        Assert.DoesNotContain("shelter", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Padding_that_is_not_zeros_is_refused_as_malformed()
    {
        var header = Header("AL/NCP", "IT/NCP", MessageType.ReturnPlan);
        var payload = LenField(5, TextField(1, "x"));
        var padding = LenField(15, System.Text.Encoding.UTF8.GetBytes(Smuggled));
        byte[] content;
        do
        {
            content = Concat(LenField(1, header.ToByteArray()), LenField(2, payload), padding);
            header.Route.SizeBucket = header.Route.SizeBucket == content.Length ? header.Route.SizeBucket : (uint)content.Length;
        }
        while (header.Route.SizeBucket != Concat(LenField(1, header.ToByteArray()), LenField(2, payload), padding).Length);
        content = Concat(LenField(1, header.ToByteArray()), LenField(2, payload), padding);
        var sealedBytes = CmsEnvelope.Seal(content, pki["AL/NCP"].Signing.Certificate, pki["AL/NCP"].Signing.Key, [], [pki["IT/NCP"].Encryption], _time.GetUtcNow());

        var opener = new EnvelopeOpener(ParticipantId.Parse("IT/NCP"), pki["IT/NCP"].Decryption, new AnchoredSignerValidator(pki.Anchors, [], []), _time, TimeSpan.FromMinutes(2), 1 << 24);
        var error = Assert.Throws<RejectedException>(() => opener.Open(header.Route, sealedBytes));

        Assert.Equal(ReasonCode.Malformed, error.Reason);
        Assert.Contains("padding", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_receipt_with_a_smuggled_field_is_refused()
    {
        var digest = new byte[32];
        var receipt = new Receipt
        {
            MessageId = "0123456789abcdef0123456789abcdef",
            Sender = "IT/NCP",
            Recipient = "AL/NCP",
            SealedSha256 = ByteString.CopyFrom(digest),
            Outcome = ReceiptOutcome.Accepted,
            IssuedAt = Timestamp.FromDateTimeOffset(_time.GetUtcNow()),
        };
        // Outcome (field 5, an enum) sent a second time as text: kept by the parser as an unknown field and signed.
        var smuggled = Receipt.Parser.ParseFrom([.. receipt.ToByteArray(), .. TextField(5, Smuggled)]);
        var signed = ReceiptCodec.Sign(smuggled, pki["AL/NCP"].Signing, _time.GetUtcNow());

        var error = Assert.Throws<RejectedException>(() => ReceiptCodec.Verify(
            signed, new AnchoredSignerValidator(pki.Anchors, [], []), ParticipantId.Parse("AL/NCP"), ParticipantId.Parse("IT/NCP"), receipt.MessageId, digest, _time.GetUtcNow()));

        Assert.Equal(ReasonCode.UnknownField, error.Reason);
    }

    [Fact]
    public void A_trust_list_with_a_smuggled_field_is_refused()
    {
        var @operator = TrustListFactory.NewOperator();
        var list = new TrustList
        {
            FormatVersion = 1,
            Sequence = 7,
            Federation = "test",
            IssuedAt = Timestamp.FromDateTimeOffset(_time.GetUtcNow()),
            NextUpdate = Timestamp.FromDateTimeOffset(_time.GetUtcNow().AddDays(1)),
        };
        var smuggled = TrustList.Parser.ParseFrom([.. list.ToByteArray(), .. GroupField(2, TextField(1, Smuggled))]);

        var error = Assert.Throws<RejectedException>(() => TrustListCodec.Open(TrustListCodec.Sign(smuggled, @operator, _time), @operator));

        Assert.Equal(ReasonCode.UnknownField, error.Reason);
        Assert.Equal(7UL, TrustListCodec.Open(TrustListCodec.Sign(list, @operator, _time), @operator).Sequence);
    }

    private InnerHeader Header(string from, string to, MessageType type) => new()
    {
        Route = new RouteHeader
        {
            MessageId = "0123456789abcdef0123456789abcdef",
            ConversationId = "fedcba9876543210fedcba9876543210",
            Sender = from,
            Recipient = to,
            MessageType = type,
            SchemaVersion = SchemaInfo.SchemaVersion,
            CreatedAt = Timestamp.FromDateTimeOffset(_time.GetUtcNow()),
            ExpiresAt = Timestamp.FromDateTimeOffset(_time.GetUtcNow().AddDays(7)),
        },
        Purpose = Purpose.IdentityVerification,
        LegalBasis = "AL-IT/2019/TRM-MoU art. 6",
        PolicyStamp = new PolicyStamp { Id = "default", Version = "1", Sha256 = ByteString.CopyFrom(new byte[32]) },
    };

    private static byte[] Concat(params byte[][] parts) => [.. parts.SelectMany(p => p)];
}
