using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using CrossBorder.Core.Trust;
using Grpc.Net.Client;

namespace CrossBorder.Gateway.Peers;

/// <summary>
/// gRPC channels from this gateway to another participant's peer face: TLS 1.3 only, our TLS
/// certificate presented with its chain, and the server accepted only if it proves to be the
/// participant we dialled under the trust list in force.
/// </summary>
internal static class PeerChannels
{
    public static GrpcChannel Create(
        Uri endpoint,
        ParticipantId expected,
        X509Certificate2 clientCertificate,
        X509Certificate2Collection clientChain,
        PeerCertificateValidator validator,
        int maxMessageBytes,
        ServerIdentity verified)
    {
        var handler = new SocketsHttpHandler
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

        return GrpcChannel.ForAddress(endpoint, new GrpcChannelOptions
        {
            HttpHandler = handler,
            DisposeHttpClient = true,
            MaxReceiveMessageSize = maxMessageBytes,
            MaxSendMessageSize = maxMessageBytes,
        });
    }
}
