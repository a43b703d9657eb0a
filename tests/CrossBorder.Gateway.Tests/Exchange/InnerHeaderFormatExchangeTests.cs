using CrossBorder.Contracts.V1;
using CrossBorder.Gateway.Tests.Infrastructure;
using Google.Protobuf;
using static CrossBorder.Gateway.Testing.Exchanges;

namespace CrossBorder.Gateway.Tests.Exchange;

/// <summary>
/// A peer that signs free text into the inner header's own fields (legal basis, reply id, policy
/// stamp, purpose) gets a signed REJECTED receipt with INVALID_FORMAT, and nothing reaches the
/// inbox: the receiver holds the header to its declared form as it holds the payload.
/// </summary>
[Collection(SharedExchange.Name)]
public sealed class InnerHeaderFormatExchangeTests(ExchangeFederation federation) : IDisposable
{
    private readonly TempDirectory _data = new();

    public void Dispose() => _data.Dispose();

    public static TheoryData<string> Smuggled => ["legal-basis-line-break", "legal-basis-bidi", "reply-id-text", "no-policy-stamp", "no-purpose"];

    [Theory]
    [MemberData(nameof(Smuggled))]
    public async Task Free_text_in_a_signed_header_field_is_rejected_by_receipt_and_never_offered(string how)
    {
        await using var albania = await federation.StartAsync("AL/NCP", _data.File("al-" + how));
        using var italy = new TestPeer(federation, "IT/NCP");
        var envelope = italy.Seal("AL/NCP", Minimized("return-plan", Purpose.ReturnCoordination), h =>
        {
            switch (how)
            {
                case "legal-basis-line-break": h.LegalBasis = "AL-IT/2019/TRM-MoU art. 6\nDrita Shembulli, born 2009-03-14"; break;
                case "legal-basis-bidi": h.LegalBasis = "AL-IT/2019/TRM-MoU art. 6\u202E"; break;
                case "reply-id-text": h.InReplyTo = "Drita Shembulli 2009-03-14 Tirana"; break;
                case "no-policy-stamp": h.PolicyStamp = null; break;
                default: h.Purpose = Purpose.Unspecified; break;
            }
        });

        var receipt = italy.VerifyReceipt(await TestPeer.DeliverAsync(italy.Client(albania, "AL/NCP"), envelope.ToByteString()), "AL/NCP", envelope);

        Assert.Equal(ReceiptOutcome.Rejected, receipt.Outcome);
        Assert.Equal(ReasonCode.InvalidFormat, receipt.Reason);
        var reader = federation.Client("AL/NCP", "case-worker");
        Assert.Empty((await reader.InboxAsync(new InboxRequest(), deadline: Deadline())).Messages);
    }
}
