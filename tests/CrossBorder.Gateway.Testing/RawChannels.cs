using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using Grpc.Net.Client;

namespace CrossBorder.Gateway.Testing;

/// <summary>
/// gRPC channels that present whatever client certificate a test chooses, with its chain, and
/// accept exactly the one server certificate the test expects (pinned by its bytes): the
/// server's verdict on the client is what is under test.
/// </summary>
internal static class RawChannels
{
    public static readonly TimeSpan CallTimeout = TimeSpan.FromSeconds(10);

    public static GrpcChannel Create(Uri address, ClientIdentity client, X509Certificate2 expectedServer, SslProtocols protocols = SslProtocols.Tls13) =>
        GrpcChannel.ForAddress(address, new GrpcChannelOptions
        {
            HttpHandler = Handler(client, expectedServer, protocols),
            DisposeHttpClient = true,
            MaxSendMessageSize = null,
        });

    /// <summary>An HTTP handler with the client certificate and the pinned server, for hand-made HTTP/2 requests.</summary>
    public static SocketsHttpHandler Handler(ClientIdentity client, X509Certificate2 expectedServer, SslProtocols protocols = SslProtocols.Tls13)
    {
        ArgumentNullException.ThrowIfNull(client);
        ArgumentNullException.ThrowIfNull(expectedServer);
        return new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                EnabledSslProtocols = protocols,
                ClientCertificateContext = SslStreamCertificateContext.Create(client.Certificate, client.Chain, offline: true),
                CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
                RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                    certificate is not null && certificate.GetRawCertData().AsSpan().SequenceEqual(expectedServer.RawDataMemory.Span),
            },
            ConnectTimeout = CallTimeout,
        };
    }

    public static DateTime Deadline() => TimeProvider.System.GetUtcNow().Add(CallTimeout).UtcDateTime;
}
