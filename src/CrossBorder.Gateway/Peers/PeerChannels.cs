using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using CrossBorder.Core.Trust;
using Grpc.Core;
using Grpc.Net.Client;
using Grpc.Net.Client.Balancer;
using Grpc.Net.Client.Configuration;
using Microsoft.Extensions.DependencyInjection;

namespace CrossBorder.Gateway.Peers;

/// <summary>
/// gRPC channels from this gateway to another participant's peer face: TLS 1.3 only, our TLS
/// certificate presented with its chain, and the server accepted only if it proves to be the
/// participant we dialled under the trust list in force, whichever of its endpoints answered.
/// </summary>
internal static class PeerChannels
{
    /// <summary>A replica that was down is tried again at least this often (gRPC's default backs off to two minutes).</summary>
    private static readonly TimeSpan MaxReconnectBackoff = TimeSpan.FromSeconds(5);

    /// <summary>A channel to one endpoint.</summary>
    public static GrpcChannel Create(
        Uri endpoint,
        ParticipantId expected,
        X509Certificate2 clientCertificate,
        X509Certificate2Collection clientChain,
        PeerCertificateValidator validator,
        int maxMessageBytes,
        ServerIdentity verified) =>
        GrpcChannel.ForAddress(endpoint, Options(Handler(expected, clientCertificate, clientChain, validator, verified), maxMessageBytes));

    /// <summary>
    /// One channel over all of a participant's endpoints, the addresses <paramref name="resolver"/>
    /// publishes: gRPC's round-robin balancer spreads calls over the endpoints that connect, leaves
    /// out one that refuses connections (TRANSIENT_FAILURE) and reconnects to it with backoff.
    /// Each connection's request names the endpoint it goes to, so TLS is as with one endpoint.
    /// </summary>
    public static GrpcChannel CreateBalanced(
        PeerEndpointResolver resolver,
        ParticipantId expected,
        X509Certificate2 clientCertificate,
        X509Certificate2Collection clientChain,
        PeerCertificateValidator validator,
        int maxMessageBytes)
    {
        var services = new ServiceCollection().AddSingleton<ResolverFactory>(new PeerEndpointResolver.Factory(resolver)).BuildServiceProvider();
        var options = Options(Handler(expected, clientCertificate, clientChain, validator, new ServerIdentity()), maxMessageBytes);
        options.Credentials = ChannelCredentials.SecureSsl;
        options.ServiceConfig = new ServiceConfig { LoadBalancingConfigs = { new RoundRobinConfig() } };
        options.ServiceProvider = services;
        options.MaxReconnectBackoff = MaxReconnectBackoff;
        return GrpcChannel.ForAddress(new Uri($"{PeerEndpointResolver.Scheme}:///{expected.Slug}"), options);
    }

    private static SocketsHttpHandler Handler(
        ParticipantId expected,
        X509Certificate2 clientCertificate,
        X509Certificate2Collection clientChain,
        PeerCertificateValidator validator,
        ServerIdentity verified) => new()
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                EnabledSslProtocols = SslProtocols.Tls13,
                ClientCertificateContext = SslStreamCertificateContext.Create(clientCertificate, clientChain, offline: true),
                CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
                CertificateChainPolicy = TlsChainPolicy.Offline(),
                RemoteCertificateValidationCallback = (_, certificate, chain, _) =>
                {
                    if (certificate is not X509Certificate2 server)
                    {
                        return false;
                    }

                    var check = validator.Validate(server, chain?.ChainPolicy.ExtraStore, CertificatePurpose.TlsServer, expected);
                    verified.Last = check;
                    return check.IsAccepted;
                },
            },
            PooledConnectionIdleTimeout = TimeSpan.FromMinutes(2),
            EnableMultipleHttp2Connections = true,
            ConnectTimeout = TimeSpan.FromSeconds(10),
        };

    private static GrpcChannelOptions Options(SocketsHttpHandler handler, int maxMessageBytes) => new()
    {
        HttpHandler = handler,
        DisposeHttpClient = true,
        MaxReceiveMessageSize = maxMessageBytes,
        MaxSendMessageSize = maxMessageBytes,
    };
}
