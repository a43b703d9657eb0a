using System.Security.Cryptography;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Envelopes;
using CrossBorder.Core.Errors;
using CrossBorder.Core.Trust;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace CrossBorder.Core.Tests.EnvelopeBinding;

/// <summary>A receipt is accepted only when signed by the recipient and about exactly the message and bytes sent.</summary>
public sealed class ReceiptCodecTests(BindingPki pki) : IClassFixture<BindingPki>
{
    private static readonly ParticipantId Italy = ParticipantId.Parse("IT/NCP");
    private static readonly ParticipantId Albania = ParticipantId.Parse("AL/NCP");
    private readonly byte[] _digest = RandomNumberGenerator.GetBytes(32);
    private readonly string _id = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));

    [Fact]
    public void A_receipt_signed_by_the_recipient_about_the_bytes_sent_verifies()
    {
        var signed = Sign("AL/NCP", Receipt());

        var receipt = Verify(signed);

        Assert.Equal(ReceiptOutcome.Accepted, receipt.Outcome);
        Assert.Equal(_id, receipt.MessageId);
    }

    [Fact]
    public void A_receipt_about_other_bytes_another_message_or_another_sender_is_refused()
    {
        var otherDigest = Receipt();
        otherDigest.SealedSha256 = ByteString.CopyFrom(RandomNumberGenerator.GetBytes(32));
        var otherMessage = Receipt();
        otherMessage.MessageId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
        var otherSender = Receipt();
        otherSender.Sender = "GR/NCP";

        foreach (var receipt in new[] { otherDigest, otherMessage, otherSender })
        {
            Assert.Equal(ReasonCode.HeaderMismatch, Assert.Throws<RejectedException>(() => Verify(Sign("AL/NCP", receipt))).Reason);
        }
    }

    [Fact]
    public void A_receipt_signed_by_another_participant_is_refused()
    {
        var error = Assert.Throws<RejectedException>(() => Verify(Sign("GR/NCP", Receipt())));

        Assert.Equal(ReasonCode.SignerMismatch, error.Reason);
    }

    [Fact]
    public void A_receipt_whose_signature_was_tampered_with_is_refused()
    {
        var signed = Sign("AL/NCP", Receipt());
        signed[^1] ^= 0x01;

        var error = Assert.Throws<RejectedException>(() => Verify(signed));

        Assert.Equal(ReasonCode.BadSignature, error.Reason);
    }

    [Fact]
    public void Garbage_is_malformed_not_a_crash()
    {
        var error = Assert.Throws<RejectedException>(() => Verify(RandomNumberGenerator.GetBytes(300)));

        Assert.Equal(ReasonCode.Malformed, error.Reason);
    }

    private Receipt Receipt() => new()
    {
        MessageId = _id,
        Sender = Italy.ToString(),
        Recipient = Albania.ToString(),
        SealedSha256 = ByteString.CopyFrom(_digest),
        Outcome = ReceiptOutcome.Accepted,
        IssuedAt = Timestamp.FromDateTimeOffset(TimeProvider.System.GetUtcNow()),
    };

    private byte[] Sign(string signer, Receipt receipt) => ReceiptCodec.Sign(receipt, pki[signer].Signing, TimeProvider.System.GetUtcNow());

    private Receipt Verify(byte[] signed) =>
        ReceiptCodec.Verify(signed, new AnchoredSignerValidator(pki.Anchors, [], []), Albania, Italy, _id, _digest, TimeProvider.System.GetUtcNow());
}
