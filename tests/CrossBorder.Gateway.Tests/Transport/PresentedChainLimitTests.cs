using CrossBorder.Contracts.V1;
using CrossBorder.Core.Errors;
using CrossBorder.Gateway.Tests.Infrastructure;
using Grpc.Core;

namespace CrossBorder.Gateway.Tests.Transport;

/// <summary>
/// A TLS client that presents more certificates than any path of ours needs is refused at once
/// with PATH_LIMIT, before any path is built from them: on the peer face, where anyone may
/// connect, and on the local face.
/// </summary>
[Collection(SharedFederation.Name)]
public sealed class PresentedChainLimitTests(FederationFixture federation)
{
    [Fact]
    public async Task Peer_face_refuses_a_leaf_presented_with_twenty_certificates_as_PATH_LIMIT()
    {
        using var client = HostileCertificates.WithLongChain("urn:crossborder:participant:IT/NCP", 20);
        await using var gateway = await TestGateway.StartAsync(federation, "AL/NCP");
        using var channel = RawChannels.Create(gateway.PeerAddress, client, gateway.Runtime.TlsCertificate);

        var refused = await Assert.ThrowsAsync<RpcException>(async () =>
            await new PeerExchange.PeerExchangeClient(channel).PingAsync(new PingRequest(), deadline: RawChannels.Deadline()));

        var logged = await gateway.Log.WaitForAsync(GatewayEvents.PeerCertificateRefused);
        Assert.Contains($": {ReasonCode.PathLimit.Name()}: ", logged.Message, StringComparison.Ordinal);
        Assert.Contains(client.Certificate.Thumbprint, logged.Message, StringComparison.Ordinal);
        TransportRefusal.AssertNoAnswerAndNoReason(refused, ReasonCode.PathLimit);
    }

    [Fact]
    public async Task Local_face_refuses_a_leaf_presented_with_twenty_certificates_as_PATH_LIMIT()
    {
        using var client = HostileCertificates.WithLongChain("urn:crossborder:local:AL/NCP:case-worker", 20);
        await using var gateway = await TestGateway.StartAsync(federation, "AL/NCP");
        using var channel = RawChannels.Create(gateway.LocalAddress, client, gateway.Runtime.LocalServerCertificate);

        var refused = await Assert.ThrowsAsync<RpcException>(async () =>
            await new LocalExchange.LocalExchangeClient(channel).WhoAmIAsync(new WhoAmIRequest(), deadline: RawChannels.Deadline()));

        var logged = await gateway.Log.WaitForAsync(GatewayEvents.LocalCertificateRefused);
        Assert.Contains($": {ReasonCode.PathLimit.Name()}: ", logged.Message, StringComparison.Ordinal);
        TransportRefusal.AssertNoAnswerAndNoReason(refused, ReasonCode.PathLimit);
    }

    [Fact]
    public async Task Peer_face_cuts_off_a_handshake_over_its_byte_budget_before_any_certificate_is_judged()
    {
        // 60 intermediates of about 400 bytes each: past the default budget of 16 KiB, so the TLS
        // stack never holds the whole certificate message and never parses or chains it.
        using var bag = HostileCertificates.WithLongChain("urn:crossborder:participant:IT/NCP", 60);
        Assert.True(bag.Chain.Sum(c => c.RawData.Length) > new CrossBorder.Gateway.Configuration.LimitsOptions().MaxHandshakeBytes, "the chain must exceed the budget");
        await using var gateway = await TestGateway.StartAsync(federation, "AL/NCP");
        using (var channel = RawChannels.Create(gateway.PeerAddress, bag, gateway.Runtime.TlsCertificate))
        {
            var refused = await Assert.ThrowsAsync<RpcException>(async () =>
                await new PeerExchange.PeerExchangeClient(channel).PingAsync(new PingRequest(), deadline: RawChannels.Deadline()));
            TransportRefusal.AssertNoAnswerAndNoReason(refused, ReasonCode.PathLimit);
        }

        var logged = await gateway.Log.WaitForAsync(GatewayEvents.HandshakeTooLarge);
        Assert.Contains($"refused: {ReasonCode.PathLimit.Name()}: ", logged.Message, StringComparison.Ordinal);
        Assert.Contains("127.0.0.1", logged.Message, StringComparison.Ordinal);
        Assert.Empty(gateway.Log.WithEventId(GatewayEvents.PeerCertificateRefused));

        // The face stays up and a participant's own handshake, well under the budget, goes through.
        using var genuine = TestCertificates.FromFiles(
            federation.ParticipantFile("IT/NCP", "tls.crt"), federation.ParticipantFile("IT/NCP", "tls.key"), federation.ParticipantFile("IT/NCP", "chain.pem"));
        using var good = RawChannels.Create(gateway.PeerAddress, genuine, gateway.Runtime.TlsCertificate);
        var answer = await new PeerExchange.PeerExchangeClient(good).PingAsync(new PingRequest(), deadline: RawChannels.Deadline());
        Assert.Equal("IT/NCP", answer.VerifiedCaller);
    }

    [Fact]
    public async Task Local_face_cuts_off_a_handshake_over_its_byte_budget()
    {
        using var bag = HostileCertificates.WithLongChain("urn:crossborder:local:AL/NCP:case-worker", 60);
        await using var gateway = await TestGateway.StartAsync(federation, "AL/NCP");
        using var channel = RawChannels.Create(gateway.LocalAddress, bag, gateway.Runtime.LocalServerCertificate);

        var refused = await Assert.ThrowsAsync<RpcException>(async () =>
            await new LocalExchange.LocalExchangeClient(channel).WhoAmIAsync(new WhoAmIRequest(), deadline: RawChannels.Deadline()));

        var logged = await gateway.Log.WaitForAsync(GatewayEvents.HandshakeTooLarge);
        Assert.Contains($"refused: {ReasonCode.PathLimit.Name()}: ", logged.Message, StringComparison.Ordinal);
        Assert.Empty(gateway.Log.WithEventId(GatewayEvents.LocalCertificateRefused));
        TransportRefusal.AssertNoAnswerAndNoReason(refused, ReasonCode.PathLimit);
    }

    [Fact]
    public async Task Peer_face_still_accepts_a_participant_presenting_its_chain()
    {
        using var client = TestCertificates.FromFiles(
            federation.ParticipantFile("IT/NCP", "tls.crt"), federation.ParticipantFile("IT/NCP", "tls.key"), federation.ParticipantFile("IT/NCP", "chain.pem"));
        await using var gateway = await TestGateway.StartAsync(federation, "AL/NCP");
        using var channel = RawChannels.Create(gateway.PeerAddress, client, gateway.Runtime.TlsCertificate);

        var answer = await new PeerExchange.PeerExchangeClient(channel).PingAsync(new PingRequest(), deadline: RawChannels.Deadline());

        Assert.Equal("IT/NCP", answer.VerifiedCaller);
        Assert.Empty(gateway.Log.WithEventId(GatewayEvents.PeerCertificateRefused));
    }
}
