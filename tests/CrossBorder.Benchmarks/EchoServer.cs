using System.Net;
using System.Security.Authentication;
using CrossBorder.Cli.DevPki;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Contracts;
using CrossBorder.Core.Trust;
using CrossBorder.Gateway.Configuration;
using CrossBorder.Gateway.Peers;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CrossBorder.Benchmarks;

/// <summary>
/// The bare transport baseline: a Kestrel server with AL/NCP's peer-face TLS setup (its TLS
/// certificate and chain, TLS 1.3 only, HTTP/2, client certificate required and validated against
/// the trust list) whose PeerExchange.Deliver answers the request's bytes back. The client is the
/// gateway's own peer channel with IT/NCP's TLS certificate. No store, no envelope crypto.
/// </summary>
internal sealed class EchoServer : IAsyncDisposable
{
    private static readonly ParticipantId It = ParticipantId.Parse("IT/NCP");
    private static readonly ParticipantId Al = ParticipantId.Parse("AL/NCP");

    private readonly WebApplication _app;
    private readonly GatewayRuntime _client;

    private EchoServer(WebApplication app, GatewayRuntime client)
    {
        _app = app;
        _client = client;
    }

    public static async Task<EchoServer> StartAsync(DevFederationLayout layout)
    {
        var time = TimeProvider.System;
        var server = GatewayRuntimeLoader.Load(layout.GatewayConfig(Al), time, probePorts: false);
        var client = GatewayRuntimeLoader.Load(layout.GatewayConfig(It), time, probePorts: false);
        var serverPeers = new PeerCertificateValidator(() => server.Trust, time, server.Revocation, server.FetchedCrls);
        var limit = SchemaInfo.DefaultMaxEnvelopeBytes + (64 * 1024);

        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions { Args = [] });
        builder.Logging.ClearProviders();
        builder.Services.AddGrpc(options =>
        {
            options.MaxReceiveMessageSize = limit;
            options.MaxSendMessageSize = limit;
        });
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Listen(IPAddress.Loopback, 0, listen =>
            {
                listen.Protocols = HttpProtocols.Http2;
                listen.UseHttps(new HttpsConnectionAdapterOptions
                {
                    ServerCertificate = server.TlsCertificate,
                    ServerCertificateChain = server.TlsChain,
                    SslProtocols = SslProtocols.Tls13,
                    ClientCertificateMode = ClientCertificateMode.RequireCertificate,
                    CheckCertificateRevocation = false,
                    ClientCertificateValidation = (certificate, chain, _) =>
                        serverPeers.Validate(certificate, chain?.ChainPolicy.ExtraStore, CertificatePurpose.TlsClient).IsAccepted,
                });
            });
        });
        var app = builder.Build();
        app.MapGrpcService<Echo>();
        await app.StartAsync().ConfigureAwait(false);
        return new EchoServer(app, client);
    }

    /// <summary>A peer channel from IT/NCP to the echo server, as the outbox dispatcher makes them.</summary>
    public GrpcChannel Channel()
    {
        var address = new Uri(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());
        var peers = new PeerCertificateValidator(() => _client.Trust, TimeProvider.System, _client.Revocation, _client.FetchedCrls);
        return PeerChannels.Create(address, Al, _client.TlsCertificate, _client.TlsChain, peers, _client.MaxEnvelopeBytes + (64 * 1024), new ServerIdentity());
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync().ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
    }

    /// <summary>Answers the envelope's bytes back as the receipt's: a response as large as the request.</summary>
    private sealed class Echo : PeerExchange.PeerExchangeBase
    {
        public override Task<DeliverResponse> Deliver(DeliverRequest request, ServerCallContext context) =>
            Task.FromResult(new DeliverResponse { SignedReceipt = request.Envelope });
    }
}
