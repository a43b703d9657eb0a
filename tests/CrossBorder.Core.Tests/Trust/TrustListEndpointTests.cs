using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Errors;
using CrossBorder.Core.Trust;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;

namespace CrossBorder.Core.Tests.Trust;

/// <summary>
/// A participant's further endpoints (<c>peer_endpoints</c>, field 9), from hand-encoded list
/// bytes signed by the pinned operator: each is held to the rules of <c>peer_endpoint</c>, none
/// may repeat and there are at most sixteen in all; a list without the field keeps its one endpoint.
/// </summary>
public sealed class TrustListEndpointTests
{
    private const int PeerEndpointsField = 9;
    private const int ParticipantsField = 7;

    private readonly X509Certificate2 _operator = TrustListFactory.NewOperator();

    [Fact]
    public void A_list_without_further_endpoints_keeps_its_one_endpoint()
    {
        var entry = Open(Participant("https://al.example:8443")).Find(ParticipantId.Parse("AL/NCP"))!;

        Assert.Equal([new Uri("https://al.example:8443")], entry.PeerEndpoints);
        Assert.Equal(new Uri("https://al.example:8443"), entry.PeerEndpoint);
    }

    [Fact]
    public void Further_endpoints_follow_the_first_in_the_order_given()
    {
        var entry = Open(Participant("https://127.0.0.1:47101", "https://127.0.0.1:47102", "https://al-2.example:8443"))
            .Find(ParticipantId.Parse("AL/NCP"))!;

        Assert.Equal(["https://127.0.0.1:47101/", "https://127.0.0.1:47102/", "https://al-2.example:8443/"], entry.PeerEndpoints.Select(e => e.ToString()));
        Assert.Equal(new Uri("https://127.0.0.1:47101"), entry.PeerEndpoint);
    }

    [Fact]
    public void Sixteen_endpoints_in_all_are_accepted()
    {
        var entry = Open(Participant("https://127.0.0.1:47100", [.. Enumerable.Range(1, 15).Select(i => $"https://127.0.0.1:{47100 + i}")]))
            .Find(ParticipantId.Parse("AL/NCP"))!;

        Assert.Equal(TrustListCodec.MaxPeerEndpoints, entry.PeerEndpoints.Count);
    }

    [Theory]
    [InlineData("http://127.0.0.1:47102", "bad id, country or endpoint")]
    [InlineData("/peer", "bad id, country or endpoint")]
    [InlineData("127.0.0.1:47102", "bad id, country or endpoint")]
    [InlineData("", "bad id, country or endpoint")]
    [InlineData("https://127.0.0.1:47101", "same endpoint twice")]
    [InlineData("HTTPS://127.0.0.1:47101/", "same endpoint twice")]
    public void A_bad_further_endpoint_refuses_the_list_as_MALFORMED(string further, string detail)
    {
        var refusal = Assert.Throws<RejectedException>(() => Open(Participant("https://127.0.0.1:47101", further)));

        Assert.Equal(ReasonCode.Malformed, refusal.Reason);
        Assert.Contains(detail, refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_duplicate_among_the_further_endpoints_refuses_the_list_as_MALFORMED()
    {
        var refusal = Assert.Throws<RejectedException>(() => Open(Participant("https://127.0.0.1:47101", "https://127.0.0.1:47102", "https://127.0.0.1:47102")));

        Assert.Equal(ReasonCode.Malformed, refusal.Reason);
        Assert.Contains("same endpoint twice", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void The_default_port_written_out_is_the_same_endpoint()
    {
        var refusal = Assert.Throws<RejectedException>(() => Open(Participant("https://al.example", "https://AL.example:443")));

        Assert.Equal(ReasonCode.Malformed, refusal.Reason);
        Assert.Contains("same endpoint twice", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Seventeen_endpoints_refuse_the_list_as_MALFORMED()
    {
        var refusal = Assert.Throws<RejectedException>(() =>
            Open(Participant("https://127.0.0.1:47100", [.. Enumerable.Range(1, 16).Select(i => $"https://127.0.0.1:{47100 + i}")])));

        Assert.Equal(ReasonCode.Malformed, refusal.Reason);
        Assert.Contains("more than 16 endpoints", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_further_endpoint_that_is_not_UTF_8_refuses_the_list_as_MALFORMED()
    {
        byte[] participant = [.. Participant("https://127.0.0.1:47101"), .. Field(PeerEndpointsField, [0x68, 0x74, 0xC3, 0x28])];

        var refusal = Assert.Throws<RejectedException>(() => Open(participant));

        Assert.Equal(ReasonCode.Malformed, refusal.Reason);
    }

    /// <summary>AL/NCP as hand-encoded bytes: the fields a list generator writes, then each further endpoint as its own field 9.</summary>
    private static byte[] Participant(string first, params string[] further)
    {
        var participant = new Participant { Id = "AL/NCP", Country = "AL", Roles = { ParticipantRole.Ncp }, PeerEndpoint = first };
        return [.. participant.ToByteArray(), .. further.SelectMany(f => Field(PeerEndpointsField, Encoding.UTF8.GetBytes(f)))];
    }

    private TrustListSnapshot Open(byte[] participant)
    {
        var now = TimeProvider.System.GetUtcNow();
        var list = new TrustList
        {
            FormatVersion = 1,
            Sequence = 1,
            IssuedAt = Timestamp.FromDateTimeOffset(now),
            NextUpdate = Timestamp.FromDateTimeOffset(now.AddDays(1)),
            Countries = { new Country { Code = "AL" } },
        };
        byte[] content = [.. list.ToByteArray(), .. Field(ParticipantsField, participant)];
        return TrustListCodec.Open(SignRaw(content), _operator);
    }

    /// <summary>A length-delimited field: tag, length, bytes.</summary>
    private static byte[] Field(int number, byte[] value)
    {
        using var stream = new MemoryStream();
        var output = new CodedOutputStream(stream);
        output.WriteTag(number, WireFormat.WireType.LengthDelimited);
        output.WriteLength(value.Length);
        output.Flush();
        stream.Write(value);
        return stream.ToArray();
    }

    /// <summary>Signs content bytes as the operator does, without re-encoding them.</summary>
    private byte[] SignRaw(byte[] content)
    {
        var signed = new SignedCms(new ContentInfo(new Oid("1.2.840.113549.1.7.1"), content), detached: false);
        signed.ComputeSignature(new CmsSigner(SubjectIdentifierType.IssuerAndSerialNumber, _operator)
        {
            DigestAlgorithm = new Oid("2.16.840.1.101.3.4.2.1"),
            IncludeOption = X509IncludeOption.EndCertOnly,
        }, silent: true);
        return signed.Encode();
    }
}
