using System.Net;
using System.Net.Security;
using System.Net.Sockets;
using System.Security.Authentication;
using CrossBorder.Conformance.Pki;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Errors;
using CrossBorder.Core.Trust;
using CrossBorder.Gateway.Configuration;
using CrossBorder.Gateway.Peers;
using CrossBorder.Gateway.Tests.Infrastructure;
using Grpc.Core;

namespace CrossBorder.Gateway.Tests.Transport;

/// <summary>
/// No certificate decision fetches anything: a certificate whose caIssuers (AIA) and CRL
/// distribution point URLs point at a local listener is refused on both faces, and by the client
/// side of an outbound call, without a single connection to that listener.
/// </summary>
[Collection(SharedFederation.Name)]
public sealed class CertificateDownloadTests(FederationFixture federation)
{
    [Fact]
    public async Task Peer_face_refuses_a_client_certificate_pointing_at_a_download_as_UNTRUSTED_and_fetches_nothing()
    {
        using var listener = new CountingListener();
        using var client = HostileCertificates.PointingAt(listener, "urn:crossborder:participant:IT/NCP", CertificateFactory.ClientAuth);
        await using var gateway = await TestGateway.StartAsync(federation, "AL/NCP");
        using var channel = RawChannels.Create(gateway.PeerAddress, client, gateway.Runtime.TlsCertificate);

        var refused = await Assert.ThrowsAsync<RpcException>(async () =>
            await new PeerExchange.PeerExchangeClient(channel).PingAsync(new PingRequest(), deadline: RawChannels.Deadline()));

        var logged = await gateway.Log.WaitForAsync(GatewayEvents.PeerCertificateRefused);
        Assert.Contains($": {ReasonCode.Untrusted.Name()}: ", logged.Message, StringComparison.Ordinal);
        TransportRefusal.AssertNoAnswerAndNoReason(refused, ReasonCode.Untrusted);
        Assert.Equal(0, listener.Connections);
    }

    [Fact]
    public async Task Local_face_refuses_a_client_certificate_pointing_at_a_download_as_UNTRUSTED_and_fetches_nothing()
    {
        using var listener = new CountingListener();
        using var client = HostileCertificates.PointingAt(listener, "urn:crossborder:local:AL/NCP:case-worker", CertificateFactory.ClientAuth);
        await using var gateway = await TestGateway.StartAsync(federation, "AL/NCP");
        using var channel = RawChannels.Create(gateway.LocalAddress, client, gateway.Runtime.LocalServerCertificate);

        var refused = await Assert.ThrowsAsync<RpcException>(async () =>
            await new LocalExchange.LocalExchangeClient(channel).WhoAmIAsync(new WhoAmIRequest(), deadline: RawChannels.Deadline()));

        var logged = await gateway.Log.WaitForAsync(GatewayEvents.LocalCertificateRefused);
        Assert.Contains($": {ReasonCode.Untrusted.Name()}: ", logged.Message, StringComparison.Ordinal);
        TransportRefusal.AssertNoAnswerAndNoReason(refused, ReasonCode.Untrusted);
        Assert.Equal(0, listener.Connections);
    }

    [Fact]
    public async Task An_outbound_call_refuses_a_server_certificate_pointing_at_a_download_as_UNTRUSTED_and_fetches_nothing()
    {
        using var listener = new CountingListener();
        using var server = HostileCertificates.PointingAt(listener, "urn:crossborder:participant:IT/NCP", CertificateFactory.ServerAuth);
        var runtime = GatewayRuntimeLoader.Load(federation.ConfigPath("AL/NCP"), TimeProvider.System, probePorts: false);
        var validator = new PeerCertificateValidator(() => runtime.Trust, TimeProvider.System, runtime.Revocation, runtime.FetchedCrls);
        using var tcp = new TcpListener(IPAddress.Loopback, 0);
        tcp.Start();
        var serving = ServeOnceAsync(tcp, server);
        var verified = new ServerIdentity();
        var endpoint = new Uri($"https://localhost:{((IPEndPoint)tcp.LocalEndpoint).Port}");
        using var channel = PeerChannels.Create(endpoint, ParticipantId.Parse("IT/NCP"), runtime.TlsCertificate, runtime.TlsChain, validator, 1 << 20, verified);

        await Assert.ThrowsAsync<RpcException>(async () =>
            await new PeerExchange.PeerExchangeClient(channel).PingAsync(new PingRequest(), deadline: RawChannels.Deadline()));
        await serving;

        Assert.Equal(ReasonCode.Untrusted, verified.Last?.Reason);
        Assert.Equal(0, listener.Connections);
    }

    private static async Task ServeOnceAsync(TcpListener tcp, ClientIdentity server)
    {
        using var connection = await tcp.AcceptTcpClientAsync();
        await using var tls = new SslStream(connection.GetStream());
        try
        {
            await tls.AuthenticateAsServerAsync(new SslServerAuthenticationOptions
            {
                // Offline: the test server must not fetch its own certificate's issuer either.
                ServerCertificateContext = SslStreamCertificateContext.Create(server.Certificate, [], offline: true),
                EnabledSslProtocols = SslProtocols.Tls13,
                ApplicationProtocols = [SslApplicationProtocol.Http2],
            });
        }
        catch (Exception ex) when (ex is AuthenticationException or IOException)
        {
            // The client refuses the certificate and closes the connection.
        }
    }
}
