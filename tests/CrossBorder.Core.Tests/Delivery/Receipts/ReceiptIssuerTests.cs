using System.Security.Cryptography;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Delivery.Receipts;
using CrossBorder.Core.Envelopes;
using CrossBorder.Core.Tests.EnvelopeBinding;
using CrossBorder.Core.Trust;

namespace CrossBorder.Core.Tests.Delivery.Receipts;

/// <summary>The recipient's receipts: signed with its key ring's signing identity, about exactly the message received.</summary>
public sealed class ReceiptIssuerTests(BindingPki pki) : IClassFixture<BindingPki>
{
    private static readonly ParticipantId Albania = ParticipantId.Parse("AL/NCP");
    private readonly DateTimeOffset _now = TimeProvider.System.GetUtcNow();

    [Fact]
    public void A_rejected_receipt_names_the_message_the_digest_and_the_reason_and_verifies_for_the_sender()
    {
        var route = DeliveryParties.Header("IT/NCP", "AL/NCP", _now).Route;
        var digest = RandomNumberGenerator.GetBytes(32);

        var issued = new ReceiptIssuer(Albania, new FixedKeyRings(pki["AL/NCP"].Signing)).Issue(route, digest, ReceiptOutcome.Rejected, ReasonCode.Stale, _now);

        Assert.True(issued.IsAccepted);
        var receipt = ReceiptCodec.Verify(issued.Value, new AnchoredSignerValidator(pki.Anchors, [], []), Albania, ParticipantId.Parse("IT/NCP"), route.MessageId, digest, _now);
        Assert.Equal(ReceiptOutcome.Rejected, receipt.Outcome);
        Assert.Equal(ReasonCode.Stale, receipt.Reason);
    }

    [Fact]
    public void Without_a_valid_signing_certificate_the_issue_is_refused_with_its_reason()
    {
        var route = DeliveryParties.Header("IT/NCP", "AL/NCP", _now).Route;

        var issued = new ReceiptIssuer(Albania, new FixedKeyRings(null)).Issue(route, new byte[32], ReceiptOutcome.Accepted, ReasonCode.Unspecified, _now);

        Assert.False(issued.IsAccepted);
        Assert.Equal(ReasonCode.Expired, issued.Refusal!.Reason);
    }
}
