using CrossBorder.Contracts.V1;
using CrossBorder.Core.Errors;
using CrossBorder.Gateway.Tests.Infrastructure;
using Grpc.Core;

namespace CrossBorder.Gateway.Tests.Peers;

/// <summary>
/// The peer face refuses TLS client certificates that do not prove a listed participant. The
/// client only sees its connection closed (TLS 1.3: the refusal comes after the client's side of
/// the handshake); the reason code is in the server log, event 1101.
/// </summary>
[Collection(SharedFederation.Name)]
public sealed class PeerCertificateRefusalTests(FederationFixture federation)
{
    [Fact]
    public async Task Peer_face_accepts_a_participant_TLS_certificate_written_by_dev_pki()
    {
        using var client = TestCertificates.FromFiles(
            federation.ParticipantFile("IT/NCP", "tls.crt"), federation.ParticipantFile("IT/NCP", "tls.key"), federation.ParticipantFile("IT/NCP", "chain.pem"));

        await AssertAcceptedAsync(client, "IT/NCP");
    }

    [Fact]
    public async Task Peer_face_accepts_a_fresh_certificate_from_the_IT_participant_CA_naming_IT_NCP()
    {
        // The control for the refusals below: the same issuing path with nothing wrong is accepted.
        using var client = TestCertificates.IssuedByCountry(federation, "IT", "IT/NCP");

        await AssertAcceptedAsync(client, "IT/NCP");
    }

    [Fact]
    public async Task Peer_face_refuses_a_certificate_from_an_unknown_CA_as_UNTRUSTED()
    {
        using var client = TestCertificates.IssuedByUnknownCa("IT/NCP");

        await AssertRefusedAsync(client, ReasonCode.Untrusted, "IT/NCP");
    }

    [Fact]
    public async Task Peer_face_refuses_an_expired_certificate_as_EXPIRED()
    {
        var now = TimeProvider.System.GetUtcNow();
        using var client = TestCertificates.IssuedByCountry(federation, "IT", "IT/NCP", notBefore: now.AddDays(-30), notAfter: now.AddDays(-1));

        await AssertRefusedAsync(client, ReasonCode.Expired, "IT/NCP");
    }

    [Fact]
    public async Task Peer_face_refuses_a_certificate_without_clientAuth_as_KEY_USAGE()
    {
        using var client = TestCertificates.IssuedByCountry(federation, "IT", "IT/NCP", extendedKeyUsages: TestCertificates.ServerAuthOnly);

        await AssertRefusedAsync(client, ReasonCode.KeyUsage, "IT/NCP");
    }

    [Fact]
    public async Task Peer_face_refuses_a_participant_missing_from_the_trust_list_as_NOT_AUTHORIZED()
    {
        using var client = TestCertificates.IssuedByCountry(federation, "IT", "IT/FAKE");

        await AssertRefusedAsync(client, ReasonCode.NotAuthorized, "IT/FAKE");
    }

    [Fact]
    public async Task Peer_face_refuses_a_country_CA_vouching_for_another_countrys_participant_as_UNTRUSTED()
    {
        // Issued by Italy's real participant CA, claiming Albania's NCP.
        using var client = TestCertificates.IssuedByCountry(federation, "IT", "AL/NCP");

        await AssertRefusedAsync(client, ReasonCode.Untrusted, "AL/NCP");
    }

    private async Task AssertAcceptedAsync(ClientIdentity client, string expectedCaller)
    {
        await using var gateway = await TestGateway.StartAsync(federation, "AL/NCP");
        using var channel = RawChannels.Create(gateway.PeerAddress, client, gateway.Runtime.TlsCertificate);

        var response = await new PeerExchange.PeerExchangeClient(channel).PingAsync(new PingRequest(), deadline: RawChannels.Deadline());

        Assert.Equal(expectedCaller, response.VerifiedCaller);
        Assert.Equal("AL/NCP", response.Responder);
        Assert.Empty(gateway.Log.WithEventId(GatewayEvents.PeerCertificateRefused));
        gateway.Log.AssertNoUnexpectedErrors();
    }

    private async Task AssertRefusedAsync(ClientIdentity client, ReasonCode expected, string claimed)
    {
        await using var gateway = await TestGateway.StartAsync(federation, "AL/NCP");
        using var channel = RawChannels.Create(gateway.PeerAddress, client, gateway.Runtime.TlsCertificate);

        var refused = await Assert.ThrowsAsync<RpcException>(async () =>
            await new PeerExchange.PeerExchangeClient(channel).PingAsync(new PingRequest(), deadline: RawChannels.Deadline()));

        var logged = await gateway.Log.WaitForAsync(GatewayEvents.PeerCertificateRefused);
        Assert.Contains($": {expected.Name()}: ", logged.Message, StringComparison.Ordinal);
        Assert.Contains($"claims {claimed}", logged.Message, StringComparison.Ordinal);
        Assert.Contains(client.Certificate.Thumbprint, logged.Message, StringComparison.Ordinal);
        Assert.All(gateway.Log.WithEventId(GatewayEvents.PeerCertificateRefused),
            e => Assert.Contains($": {expected.Name()}: ", e.Message, StringComparison.Ordinal));
        TransportRefusal.AssertNoAnswerAndNoReason(refused, expected);
        Assert.Empty(gateway.Log.WithEventId(GatewayEvents.PingAnswered));
        gateway.Log.AssertNoUnexpectedErrors();
    }
}
