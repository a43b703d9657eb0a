using CrossBorder.Contracts.V1;
using CrossBorder.Core.Delivery;
using CrossBorder.Core.Policy.Formats;
using Google.Protobuf;

namespace CrossBorder.Core.Tests.Delivery;

/// <summary>
/// The signed inner header's own fields carry only what they declare: a citation as legal basis,
/// a defined purpose, a message id as reply id, a well-formed policy stamp. Values an attacker
/// would use to smuggle text (line breaks, bidirectional overrides, addresses, markup) are refused
/// with INVALID_FORMAT, the field path and a detail code, never the value.
/// </summary>
public sealed class InnerHeaderFormatTests
{
    [Theory]
    [InlineData("AL-IT/2019/TRM-MoU art. 6")]
    [InlineData("Directive 2011/36/EU, art. 11(4)")]
    [InlineData("Ligji për parandalimin, neni 5")]
    [InlineData("Decreto legislativo 24/2014 § 3 & 4")]
    [InlineData("L'accordo_2019:art.6")]
    [InlineData("Νόμος 4251/2014 άρθρο 1")]
    [InlineData("статья 6")]
    public void A_citation_is_a_legal_basis(string value)
    {
        Assert.Null(InnerHeaderFormat.LegalBasisProblem(value));
        Assert.Null(InnerHeaderFormat.Check(Header(legalBasis: value)));
    }

    [Theory]
    [InlineData("", "FORMAT_LEGAL_BASIS")]
    [InlineData(" leading space", "FORMAT_LEGAL_BASIS")]
    [InlineData("trailing space ", "FORMAT_LEGAL_BASIS")]
    [InlineData("two  spaces", "FORMAT_LEGAL_BASIS")]
    [InlineData("art. 6\nDrita Shembulli, born 2009-03-14", "FORMAT_LEGAL_BASIS")]
    [InlineData("art. 6\r", "FORMAT_LEGAL_BASIS")]
    [InlineData("art.\t6", "FORMAT_LEGAL_BASIS")]
    [InlineData("art. 6\u202Eilsuohs", "FORMAT_LEGAL_BASIS")]
    [InlineData("art. 6\u200B", "FORMAT_LEGAL_BASIS")]
    [InlineData("art. 6\u0000", "FORMAT_LEGAL_BASIS")]
    [InlineData("call drita@example.org", "FORMAT_LEGAL_BASIS")]
    [InlineData("call +355 69 123 4567", "FORMAT_LEGAL_BASIS")]
    [InlineData("<script>", "FORMAT_LEGAL_BASIS")]
    [InlineData("art. 6 \u00D7 2", "FORMAT_LEGAL_BASIS")]
    [InlineData("art. 6 \u00A9", "FORMAT_LEGAL_BASIS")]
    [InlineData("art. 6\u00AD", "FORMAT_LEGAL_BASIS")]
    [InlineData("art. \u0666", "FORMAT_LEGAL_BASIS")]
    public void Text_that_is_not_a_citation_is_refused_with_its_detail_code(string value, string code)
    {
        Assert.Equal(code, InnerHeaderFormat.LegalBasisProblem(value));
        var refusal = InnerHeaderFormat.Check(Header(legalBasis: value));
        Assert.NotNull(refusal);
        Assert.Equal(ReasonCode.InvalidFormat, refusal.Reason);
        Assert.Equal($"a field is not in its declared form ({code} at header.legal_basis)", refusal.Detail);
    }

    [Fact]
    public void A_legal_basis_longer_than_256_characters_is_too_long()
    {
        Assert.Null(InnerHeaderFormat.LegalBasisProblem(new string('a', 256)));
        Assert.Equal(FormatDetailCodes.TooLong, InnerHeaderFormat.LegalBasisProblem(new string('a', 257)));
    }

    [Theory]
    [InlineData(0)]
    [InlineData(99)]
    [InlineData(-1)]
    public void An_undefined_purpose_is_refused(int purpose)
    {
        var refusal = InnerHeaderFormat.Check(Header(purpose: (Purpose)purpose));
        Assert.Equal(ReasonCode.InvalidFormat, refusal!.Reason);
        Assert.Contains("FORMAT_ENUM_UNDEFINED at header.purpose", refusal.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("0123456789ABCDEF0123456789abcdef")]
    [InlineData("0123456789abcdef0123456789abcde")]
    [InlineData("see message 0123456789abcdef0123")]
    [InlineData("0123456789abcdef0123456789abcdef\n")]
    public void A_reply_id_that_is_not_a_message_id_is_refused(string inReplyTo)
    {
        var refusal = InnerHeaderFormat.Check(Header(inReplyTo: inReplyTo));
        Assert.Equal(ReasonCode.InvalidFormat, refusal!.Reason);
        Assert.Contains("FORMAT_MESSAGE_ID at header.in_reply_to", refusal.Detail, StringComparison.Ordinal);
        Assert.Null(InnerHeaderFormat.Check(Header(inReplyTo: "0123456789abcdef0123456789abcdef")));
        Assert.Null(InnerHeaderFormat.Check(Header(inReplyTo: "")));
    }

    [Theory]
    [InlineData(null, "1", 32)]
    [InlineData("", "1", 32)]
    [InlineData("crossborder-default", "", 32)]
    [InlineData("crossborder default", "1", 32)]
    [InlineData("Drita Shembulli", "1", 32)]
    [InlineData("crossborder-default", "1\n2", 32)]
    [InlineData("crossborder-default", "1", 31)]
    [InlineData("crossborder-default", "1", 0)]
    [InlineData("crossborder-default-crossborder-default-crossborder-default-long1", "1", 32)]
    public void A_missing_or_ill_formed_policy_stamp_is_refused(string? id, string version, int digestLength)
    {
        var header = Header();
        header.PolicyStamp = id is null ? null : new PolicyStamp { Id = id, Version = version, Sha256 = ByteString.CopyFrom(new byte[digestLength]) };
        var refusal = InnerHeaderFormat.Check(header);
        Assert.Equal(ReasonCode.InvalidFormat, refusal!.Reason);
        Assert.Contains("FORMAT_POLICY_STAMP at header.policy_stamp", refusal.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_well_formed_header_passes()
    {
        Assert.Null(InnerHeaderFormat.Check(Header()));
    }

    private static InnerHeader Header(string legalBasis = "AL-IT/2019/TRM-MoU art. 6", Purpose purpose = Purpose.ReturnCoordination, string inReplyTo = "") => new()
    {
        Route = new RouteHeader(),
        Purpose = purpose,
        LegalBasis = legalBasis,
        InReplyTo = inReplyTo,
        PolicyStamp = new PolicyStamp { Id = "crossborder-default", Version = "1", Sha256 = ByteString.CopyFrom(new byte[32]) },
    };
}
