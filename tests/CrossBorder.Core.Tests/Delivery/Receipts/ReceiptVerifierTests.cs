using System.Security.Cryptography;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Delivery.Receipts;
using CrossBorder.Core.Envelopes;
using CrossBorder.Core.Tests.EnvelopeBinding;
using CrossBorder.Core.Trust;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace CrossBorder.Core.Tests.Delivery.Receipts;

/// <summary>The sender's receipt check answers an outcome with a reason code, for hostile receipts from raw bytes too.</summary>
public sealed class ReceiptVerifierTests(BindingPki pki) : IClassFixture<BindingPki>
{
    private static readonly ParticipantId Italy = ParticipantId.Parse("IT/NCP");
    private static readonly ParticipantId Albania = ParticipantId.Parse("AL/NCP");
    private readonly byte[] _digest = RandomNumberGenerator.GetBytes(32);
    private readonly string _id = DeliveryParties.NewId();
    private readonly DateTimeOffset _now = TimeProvider.System.GetUtcNow();

    [Fact]
    public void A_receipt_signed_by_the_recipient_about_the_bytes_sent_is_accepted()
    {
        var verified = Verify(Sign("AL/NCP", Receipt()));

        Assert.True(verified.IsAccepted);
        Assert.Equal(ReceiptOutcome.Accepted, verified.Value.Outcome);
    }

    [Fact]
    public void A_receipt_with_another_digest_is_refused_header_mismatch()
    {
        var receipt = Receipt();
        receipt.SealedSha256 = ByteString.CopyFrom(RandomNumberGenerator.GetBytes(32));

        Assert.Equal(ReasonCode.HeaderMismatch, Verify(Sign("AL/NCP", receipt)).Refusal?.Reason);
    }

    [Fact]
    public void A_receipt_signed_by_another_participant_is_refused_signer_mismatch() =>
        Assert.Equal(ReasonCode.SignerMismatch, Verify(Sign("GR/NCP", Receipt())).Refusal?.Reason);

    [Fact]
    public void A_receipt_with_bytes_after_its_signed_data_is_refused_malformed()
    {
        var signed = Sign("AL/NCP", Receipt());

        Assert.Equal(ReasonCode.Malformed, Verify([.. signed, 0x00, 0x01]).Refusal?.Reason);
    }

    [Fact]
    public void A_receipt_with_a_flipped_signature_bit_is_refused_bad_signature()
    {
        var signed = Sign("AL/NCP", Receipt());
        signed[^1] ^= 0x01;

        Assert.Equal(ReasonCode.BadSignature, Verify(signed).Refusal?.Reason);
    }

    [Fact]
    public void A_receipt_larger_than_the_limit_is_refused_too_large_before_parsing() =>
        Assert.Equal(ReasonCode.TooLarge, Verify(new byte[ReceiptCodec.MaxSignedBytes + 1]).Refusal?.Reason);

    [Fact]
    public void A_receipt_without_an_outcome_is_refused_malformed()
    {
        var receipt = Receipt();
        receipt.Outcome = ReceiptOutcome.Unspecified;

        Assert.Equal(ReasonCode.Malformed, Verify(Sign("AL/NCP", receipt)).Refusal?.Reason);
    }

    [Fact]
    public void A_notice_receipt_listing_what_was_done_with_each_reference_is_accepted_and_read_back()
    {
        var receipt = Receipt();
        receipt.NoticeReferences.Add(new NoticeReferenceResult { MessageId = DeliveryParties.NewId(), Outcome = NoticeReferenceOutcome.Applied });
        receipt.NoticeReferences.Add(new NoticeReferenceResult { MessageId = DeliveryParties.NewId(), Outcome = NoticeReferenceOutcome.Refused, Reason = ReasonCode.NotAuthorized });

        var verified = Verify(Sign("AL/NCP", receipt));

        Assert.True(verified.IsAccepted);
        Assert.Equal(
            [(NoticeReferenceOutcome.Applied, ReasonCode.Unspecified), (NoticeReferenceOutcome.Refused, ReasonCode.NotAuthorized)],
            verified.Value.NoticeReferences.Select(r => (r.Outcome, r.Reason)));
    }

    /// <summary>Field 8 (notice references) as a recipient could sign it, hand-encoded after a good receipt's bytes.</summary>
    public static TheoryData<string, byte[]> HostileNoticeReferences() => new()
    {
        // An entry whose outcome is the undefined number 99.
        { "undefined outcome", [0x42, 0x02, 0x10, 0x63] },
        // Field 8 sent as a varint instead of a message.
        { "wrong wire type", [0x40, 0x01] },
        // An entry carrying a field the contract does not define (9).
        { "unknown field in an entry", [0x42, 0x02, 0x48, 0x01] },
        // An entry whose reason is the undefined number 999.
        { "undefined reason", [0x42, 0x03, 0x18, 0xE7, 0x07] },
    };

    [Theory]
    [MemberData(nameof(HostileNoticeReferences))]
    public void A_signed_receipt_with_notice_references_outside_the_contract_is_refused_unknown_field(string name, byte[] field8)
    {
        var content = Receipt().ToByteArray().Concat(field8).ToArray();
        var signer = pki["AL/NCP"].Signing;
        var signed = Core.Envelopes.Cms.SignedDataWriter.Write(content, signer.Certificate, signer.Key, signer.Chain, _now);

        Assert.True(Verify(signed).Refusal?.Reason == ReasonCode.UnknownField, $"{name}: {Verify(signed).Refusal?.Reason}");
        Assert.Null(ReceiptCodec.ReadStored(signed));
    }

    private Receipt Receipt() => new()
    {
        MessageId = _id,
        Sender = Italy.ToString(),
        Recipient = Albania.ToString(),
        SealedSha256 = ByteString.CopyFrom(_digest),
        Outcome = ReceiptOutcome.Accepted,
        IssuedAt = Timestamp.FromDateTimeOffset(_now),
    };

    private byte[] Sign(string signer, Receipt receipt) => ReceiptCodec.Sign(receipt, pki[signer].Signing, _now);

    private Core.Delivery.Outcome<Receipt> Verify(byte[] signed) =>
        new ReceiptVerifier(Italy, new AnchoredSignerValidator(pki.Anchors, [], [])).Verify(signed, Albania, _id, _digest, _now);
}
