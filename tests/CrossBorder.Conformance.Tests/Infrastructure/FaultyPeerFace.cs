using System.Collections.Concurrent;
using System.Globalization;
using System.Net;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using System.Threading.RateLimiting;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Envelopes;
using CrossBorder.Core.Errors;
using CrossBorder.Core.Trust;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using CertificateFiles = CrossBorder.Core.Certificates.CertificateFiles;
using ErrorInfo = Google.Rpc.ErrorInfo;

namespace CrossBorder.Conformance.Tests.Infrastructure;

/// <summary>
/// A peer face on 127.0.0.1 with the target participant's real TLS certificate, TLS 1.3 and a
/// client certificate checked against the trust list (as our gateway's), that relays to a real
/// gateway through <see cref="FaultyPeerExchange"/> and breaks exactly one rule.
/// </summary>
internal sealed class FaultyPeerFace : IAsyncDisposable
{
    private const string DeliverPath = "/crossborder.v1.PeerExchange/Deliver";

    /// <summary>Deliver calls in flight at once, as our gateway's default limit (WS-12-8).</summary>
    private const int ConcurrentDeliveries = 16;

    private readonly WebApplication _app;
    private readonly Relays _relays;
    private readonly List<IDisposable> _owned;

    private FaultyPeerFace(WebApplication app, Relays relays, List<IDisposable> owned, Uri address)
    {
        _app = app;
        _relays = relays;
        _owned = owned;
        Address = address;
    }

    public Uri Address { get; }

    /// <summary>
    /// Starts the face for <paramref name="participant"/>, relaying to <paramref name="gateway"/> as
    /// the participant the caller's certificate names (<paramref name="relayAs"/> when it names none).
    /// </summary>
    public static async Task<FaultyPeerFace> StartAsync(FederationFixture federation, TestGateway gateway, string participant, string relayAs, string otherSigner, PeerFault fault)
    {
        var trust = TrustListCodec.Open(
            File.ReadAllBytes(Path.Combine(federation.Root, "trustlist.p7s")),
            CertificateFiles.LoadCertificate(Path.Combine(federation.Root, "operator", "operator.crt")));
        var validator = new PeerCertificateValidator(() => trust, TimeProvider.System);
        var serverCertificate = CertificateFiles.LoadCertificateWithKey(federation.ParticipantFile(participant, "tls.crt"), federation.ParticipantFile(participant, "tls.key"));
        var serverChain = CertificateFiles.LoadCertificates(federation.ParticipantFile(participant, "chain.pem"));
        var relays = new Relays(federation, gateway.PeerAddress, participant, relayAs);
        var signer = Signing(federation, participant);
        var other = Signing(federation, otherSigner);
        var service = new FaultyPeerExchange(relays.For, fault, ParticipantId.Parse(participant), signer, other, new TrustListSignerValidator(validator), trust);

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
        builder.Services.AddRateLimiter(options =>
        {
            options.GlobalLimiter = PartitionedRateLimiter.Create<HttpContext, string>(context => context.Request.Path.Equals(DeliverPath, StringComparison.Ordinal)
                ? RateLimitPartition.GetConcurrencyLimiter("deliver", _ => new ConcurrencyLimiterOptions { PermitLimit = ConcurrentDeliveries, QueueLimit = 0 })
                : RateLimitPartition.GetNoLimiter(""));
            options.OnRejected = (context, _) =>
            {
                RateLimited(context.HttpContext.Response);
                return ValueTask.CompletedTask;
            };
        });
        var app = builder.Build();
        app.UseRateLimiter();
        app.MapGrpcService<FaultyPeerExchange>();
        await app.StartAsync();
        var address = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.Single();
        return new FaultyPeerFace(app, relays, [serverCertificate, signer.Certificate, signer.Key, other.Certificate, other.Key], new Uri(address));
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync();
        await _app.DisposeAsync();
        _relays.Dispose();
        foreach (var item in _owned)
        {
            item.Dispose();
        }
    }

    /// <summary>As our gateway answers a call beyond its limit: trailers only, RATE_LIMITED in an ErrorInfo.</summary>
    private static void RateLimited(HttpResponse response)
    {
        var status = new Google.Rpc.Status
        {
            Code = (int)Grpc.Core.StatusCode.ResourceExhausted,
            Message = "RATE_LIMITED: too many calls in flight from this peer; try again later",
            Details = { Any.Pack(new ErrorInfo { Reason = "RATE_LIMITED", Domain = RefusalStatus.Domain }) },
        };
        response.StatusCode = StatusCodes.Status200OK;
        response.ContentType = "application/grpc";
        response.Headers["grpc-status"] = status.Code.ToString(CultureInfo.InvariantCulture);
        response.Headers["grpc-message"] = Uri.EscapeDataString(status.Message);
        response.Headers["grpc-status-details-bin"] = Convert.ToBase64String(status.ToByteArray());
    }

    private static SigningIdentity Signing(FederationFixture federation, string participant)
    {
        var certificate = CertificateFiles.LoadCertificateWithKey(federation.ParticipantFile(participant, "signing.crt"), federation.ParticipantFile(participant, "signing.key"));
        return new SigningIdentity(certificate, certificate.GetECDsaPrivateKey()!, CertificateFiles.LoadCertificates(federation.ParticipantFile(participant, "chain.pem")));
    }

    /// <summary>One relay channel to the gateway per participant that calls the face, with that participant's TLS identity.</summary>
    private sealed class Relays(FederationFixture federation, Uri gateway, string target, string fallback) : IDisposable
    {
        private readonly ConcurrentDictionary<string, (GrpcChannel Channel, ClientIdentity Identity)> _channels = new();

        public PeerExchange.PeerExchangeClient For(ServerCallContext context)
        {
            var certificate = context.GetHttpContext().Connection.ClientCertificate;
            var caller = certificate is not null && ParticipantId.TryFromCertificate(certificate, out var id) ? id.ToString() : fallback;
            return new PeerExchange.PeerExchangeClient(_channels.GetOrAdd(caller, Open).Channel);
        }

        public void Dispose()
        {
            foreach (var (channel, identity) in _channels.Values)
            {
                channel.Dispose();
                identity.Dispose();
            }
        }

        private (GrpcChannel, ClientIdentity) Open(string participant)
        {
            var identity = new ClientIdentity(
                CertificateFiles.LoadCertificateWithKey(federation.ParticipantFile(participant, "tls.crt"), federation.ParticipantFile(participant, "tls.key")),
                CertificateFiles.LoadCertificates(federation.ParticipantFile(participant, "chain.pem")));
            return (RawChannels.Create(gateway, identity, CertificateFiles.LoadCertificate(federation.ParticipantFile(target, "tls.crt"))), identity);
        }
    }
}
