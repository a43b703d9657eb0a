using CrossBorder.Contracts.V1;
using CrossBorder.Core.Contracts;
using Google.Protobuf;

namespace CrossBorder.Core.Tests.Contracts;

/// <summary>A singular field written twice ([WS-7-4]) is found with its path in the bytes as sent; repeated fields and one write each are not.</summary>
public sealed class RepeatedSingularFieldTests
{
    private static readonly RouteHeader Route = new() { MessageId = new string('a', 32), ConversationId = new string('b', 32), SizeBucket = 1024 };

    [Fact]
    public void Each_field_written_once_is_not_found()
    {
        var content = new SealedContent { Header = new InnerHeader { Route = Route, Purpose = Purpose.IdentityVerification }, Padding = ByteString.CopyFrom(new byte[3]) };

        Assert.Null(UnknownFields.FindRepeatedSingular(SealedContent.Descriptor, content.ToByteArray()));
    }

    [Fact]
    public void A_scalar_written_again_deep_in_the_content_is_found_with_its_path()
    {
        // route with message_id (field 1) written twice, inside header (1) of SealedContent.
        byte[] route = [.. Route.ToByteArray(), 0x0A, 0x20, .. new byte[32].Select(_ => (byte)'c')];
        byte[] header = [0x0A, (byte)route.Length, .. route];
        byte[] content = [0x0A, (byte)header.Length, .. header];

        Assert.Equal("SealedContent.header.route.message_id(written again)", UnknownFields.FindRepeatedSingular(SealedContent.Descriptor, content));
        Assert.Null(UnknownFields.Find(SealedContent.Descriptor, content));
    }

    [Fact]
    public void A_message_field_written_twice_is_found_though_a_parser_merges_it()
    {
        var header = new InnerHeader { Purpose = Purpose.IdentityVerification }.ToByteArray();
        byte[] content = [0x0A, (byte)header.Length, .. header, 0x0A, (byte)header.Length, .. header];

        Assert.Equal("SealedContent.header(written again)", UnknownFields.FindRepeatedSingular(SealedContent.Descriptor, content));
        Assert.Equal(Purpose.IdentityVerification, SealedContent.Parser.ParseFrom(content).Header.Purpose);
    }

    [Fact]
    public void Two_members_of_one_oneof_count_as_one_field_written_twice()
    {
        var payload = new CasePayload { ReturnPlan = new ReturnPlan() }.ToByteArray();
        var other = new CasePayload { ReceptionConfirmation = new ReceptionConfirmation() }.ToByteArray();

        Assert.Equal("CasePayload.reception_confirmation(written again)", UnknownFields.FindRepeatedSingular(CasePayload.Descriptor, [.. payload, .. other]));
    }

    [Fact]
    public void A_repeated_field_may_have_many_elements()
    {
        var trust = new TrustList { Countries = { new Country { Code = "AL" }, new Country { Code = "IT" } } };

        Assert.Null(UnknownFields.FindRepeatedSingular(TrustList.Descriptor, trust.ToByteArray()));
    }
}
