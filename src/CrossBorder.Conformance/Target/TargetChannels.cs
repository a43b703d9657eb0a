using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using CrossBorder.Core.Trust;
using Grpc.Net.Client;

namespace CrossBorder.Conformance.Target;

/// <summary>
/// gRPC channels to the target's peer face. The server must prove to be a participant of the
/// trust list (Core's <see cref="PeerCertificateValidator"/>, as a gateway checks a peer it
/// dials). Unlike a gateway's own channel, the client side may deviate on purpose — another
/// client certificate, TLS 1.2 only — because cases test how the target refuses that.
/// </summary>
internal static class TargetChannels
{
    /// <summary>The largest message the harness sends or reads: the oversize case needs room above any sane limit.</summary>
    private const int MaxMessageBytes = 64 * 1024 * 1024;

    public static GrpcChannel Create(
        Uri address,
        TlsIdentity? client,
        PeerCertificateValidator validator,
        ParticipantId? expected,
        Action<PeerValidation> serverSeen,
        SslProtocols protocols = SslProtocols.Tls13) =>
        GrpcChannel.ForAddress(address, new GrpcChannelOptions
        {
            HttpHandler = Handler(client, validator, expected, serverSeen, protocols),
            DisposeHttpClient = true,
            MaxReceiveMessageSize = MaxMessageBytes,
            MaxSendMessageSize = MaxMessageBytes,
        });

    /// <summary>
    /// The HTTP handler under a channel: TLS with <paramref name="client"/>'s certificate (none
    /// when null) and the server check. Cases that must speak below gRPC (HTTP/1.1, a request
    /// body held back) use it with an <see cref="HttpClient"/> of their own.
    /// </summary>
    public static SocketsHttpHandler Handler(
        TlsIdentity? client,
        PeerCertificateValidator validator,
        ParticipantId? expected,
        Action<PeerValidation> serverSeen,
        SslProtocols protocols = SslProtocols.Tls13) =>
        new()
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                EnabledSslProtocols = protocols,
                ClientCertificateContext = client is null ? null : SslStreamCertificateContext.Create(client.Certificate, client.Chain, offline: true),
                CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
                CertificateChainPolicy = TlsChainPolicy.Offline(),
                RemoteCertificateValidationCallback = (_, certificate, chain, _) =>
                {
                    if (certificate is not X509Certificate2 server)
                    {
                        return false;
                    }

                    var check = validator.Validate(server, chain?.ChainPolicy.ExtraStore, CertificatePurpose.TlsServer, expected);
                    serverSeen(check);
                    return check.IsAccepted;
                },
            },
            ConnectTimeout = TimeSpan.FromSeconds(10),
        };
}
