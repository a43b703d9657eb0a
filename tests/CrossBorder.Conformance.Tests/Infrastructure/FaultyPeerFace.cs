using System.Net;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Envelopes;
using CrossBorder.Core.Trust;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using CertificateFiles = CrossBorder.Core.Certificates.CertificateFiles;

namespace CrossBorder.Conformance.Tests.Infrastructure;

/// <summary>
/// A peer face on 127.0.0.1 with the target participant's real TLS certificate, TLS 1.3 and a
/// client certificate checked against the trust list (as our gateway's), that relays to a real
/// gateway through <see cref="FaultyPeerExchange"/> and breaks exactly one rule.
/// </summary>
internal sealed class FaultyPeerFace : IAsyncDisposable
{
    private readonly WebApplication _app;
    private readonly GrpcChannel _relay;
    private readonly List<IDisposable> _owned;

    private FaultyPeerFace(WebApplication app, GrpcChannel relay, List<IDisposable> owned, Uri address)
    {
        _app = app;
        _relay = relay;
        _owned = owned;
        Address = address;
    }

    public Uri Address { get; }

    /// <summary>Starts the face for <paramref name="participant"/>, relaying to <paramref name="gateway"/> as <paramref name="relayAs"/>.</summary>
    public static async Task<FaultyPeerFace> StartAsync(FederationFixture federation, TestGateway gateway, string participant, string relayAs, string otherSigner, PeerFault fault)
    {
        var trust = TrustListCodec.Open(
            File.ReadAllBytes(Path.Combine(federation.Root, "trustlist.p7s")),
            CertificateFiles.LoadCertificate(Path.Combine(federation.Root, "operator", "operator.crt")));
        var validator = new PeerCertificateValidator(() => trust, TimeProvider.System);
        var serverCertificate = CertificateFiles.LoadCertificateWithKey(federation.ParticipantFile(participant, "tls.crt"), federation.ParticipantFile(participant, "tls.key"));
        var serverChain = CertificateFiles.LoadCertificates(federation.ParticipantFile(participant, "chain.pem"));
        var relayIdentity = new ClientIdentity(
            CertificateFiles.LoadCertificateWithKey(federation.ParticipantFile(relayAs, "tls.crt"), federation.ParticipantFile(relayAs, "tls.key")),
            CertificateFiles.LoadCertificates(federation.ParticipantFile(relayAs, "chain.pem")));
        var relay = RawChannels.Create(gateway.PeerAddress, relayIdentity, CertificateFiles.LoadCertificate(federation.ParticipantFile(participant, "tls.crt")));
        var signer = Signing(federation, participant);
        var other = Signing(federation, otherSigner);
        var service = new FaultyPeerExchange(new PeerExchange.PeerExchangeClient(relay), fault, ParticipantId.Parse(participant), signer, other, new TrustListSignerValidator(validator));

        var builder = WebApplication.CreateSlimBuilder();
        builder.Logging.ClearProviders();
        builder.WebHost.ConfigureKestrel(kestrel => kestrel.Listen(IPAddress.Loopback, 0, listen =>
        {
            listen.Protocols = HttpProtocols.Http2;
            listen.UseHttps(new HttpsConnectionAdapterOptions
            {
                ServerCertificate = serverCertificate,
                ServerCertificateChain = serverChain,
                SslProtocols = fault.AllowsTls12 ? SslProtocols.Tls12 | SslProtocols.Tls13 : SslProtocols.Tls13,
                ClientCertificateMode = ClientCertificateMode.RequireCertificate,
                ClientCertificateValidation = (certificate, chain, _) =>
                    fault.AnyClientCertificate || validator.Validate(certificate, chain?.ChainPolicy.ExtraStore, CertificatePurpose.TlsClient).IsAccepted,
                OnAuthenticate = (_, ssl) => ssl.CertificateChainPolicy = TlsChainPolicy.Offline(),
            });
        }));
        builder.Services.AddGrpc(options => options.MaxReceiveMessageSize = 64 * 1024 * 1024);
        builder.Services.AddSingleton(service);
        var app = builder.Build();
        app.MapGrpcService<FaultyPeerExchange>();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new FaultyPeerFace(app, relay, [serverCertificate, relayIdentity, signer.Certificate, signer.Key, other.Certificate, other.Key], new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _relay.Dispose();
        foreach (var item in _owned)
        {
            item.Dispose();
        }
    }

    private static SigningIdentity Signing(FederationFixture federation, string participant)
    {
        var certificate = CertificateFiles.LoadCertificateWithKey(federation.ParticipantFile(participant, "signing.crt"), federation.ParticipantFile(participant, "signing.key"));
        return new SigningIdentity(certificate, certificate.GetECDsaPrivateKey()!, CertificateFiles.LoadCertificates(federation.ParticipantFile(participant, "chain.pem")));
    }
}
