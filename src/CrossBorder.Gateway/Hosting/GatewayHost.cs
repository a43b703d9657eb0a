using System.Net;
using System.Security.Authentication;
using System.Security.Cryptography.X509Certificates;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Errors;
using CrossBorder.Core.Storage;
using CrossBorder.Core.Trust;
using CrossBorder.Gateway.Configuration;
using CrossBorder.Gateway.Exchange;
using CrossBorder.Gateway.Ops;
using CrossBorder.Gateway.Security;
using CrossBorder.Gateway.Services;
using Grpc.AspNetCore.Server;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Hosting;
using Microsoft.Extensions.Logging;

namespace CrossBorder.Gateway.Hosting;

/// <summary>
/// One gateway: the peer face, the local face and the operations face, each its own Kestrel
/// server on its own endpoint with its own client-certificate rule, so that no face can ever
/// serve another's service or accept another's credentials.
/// </summary>
internal sealed class GatewayHost : IAsyncDisposable
{
    /// <summary>The most certificates taken from a TLS client's presented chain (a participant sends two or three).</summary>

    /// <summary>Thread-pool threads available without the pool's slow growth.</summary>
    private const int MinimumWorkerThreads = 32;

    private readonly WebApplication _peer;
    private readonly WebApplication _local;
    private readonly WebApplication _ops;
    private readonly ServiceProvider _shared;
    private readonly ILogger _logger;

    private GatewayHost(GatewayRuntime runtime, ServiceProvider shared, WebApplication peer, WebApplication local, WebApplication ops, ILogger logger)
    {
        Runtime = runtime;
        _shared = shared;
        _peer = peer;
        _local = local;
        _ops = ops;
        _logger = logger;
    }

    public GatewayRuntime Runtime { get; }

    public Uri PeerAddress => BoundAddress(_peer);

    public Uri LocalAddress => BoundAddress(_local);

    /// <summary>The operations face (console, metrics, health) as bound.</summary>
    public Uri OpsAddress => BoundAddress(_ops);

    /// <summary>Fetches CRLs and checks the trust list and policy files now instead of at the next tick.</summary>
    public Task TickNowAsync(CancellationToken cancellationToken) =>
        _shared.GetRequiredService<TrustListReloader>().TickAsync(cancellationToken, forceFetch: true);

    /// <summary>Checks the trust list and policy files now instead of at the next tick.</summary>
    public void ReloadFilesNow() => _shared.GetRequiredService<TrustListReloader>().CheckNow();

    /// <summary>The gateway's store (outbox, inbox, audit).</summary>
    public IMessageStore Store => _shared.GetRequiredService<IMessageStore>();

    /// <summary>The audit checkpoints: the last one written, the last verification of the trail, and both on demand.</summary>
    public AuditCheckpointWriter AuditCheckpoints => _shared.GetRequiredService<AuditCheckpointWriter>();

    /// <summary>Purges acknowledged messages past retention now instead of at the next pass; how many.</summary>
    public Task<int> PurgeNowAsync(CancellationToken cancellationToken) => _shared.GetRequiredService<InboxPurge>().PurgeNowAsync(cancellationToken);

    public static GatewayHost Create(GatewayRuntime runtime, TimeProvider time, Action<ILoggingBuilder> logging, IMessageStore? store = null)
    {
        // The one container: configuration and exchange services, each made once, shared by both faces.
        store ??= runtime.Exchange.CreateStore(time);
        var shared = SharedServices.Build(runtime, time, logging, store);
        var peerValidator = shared.GetRequiredService<PeerCertificateValidator>();
        var localValidator = shared.GetRequiredService<LocalClientValidator>();
        var expiry = shared.GetRequiredService<CertificateExpiryMonitor>();

        var peer = Build(runtime, shared, logging, runtime.PeerListen, runtime.TlsCertificate, runtime.TlsChain, services =>
        {
            shared.GetRequiredService<PeerRateLimits>().AddTo(services);

            // The peer face runs the exchange's background work: registered as instances, so
            // that the shared container, not the face, disposes them.
            services.AddSingleton<IHostedService>(shared.GetRequiredService<OutboxDispatcher>());
            services.AddSingleton<IHostedService>(shared.GetRequiredService<InboxPurge>());
            services.AddSingleton<IHostedService>(shared.GetRequiredService<AuditCheckpointWriter>());
            services.AddSingleton<IHostedService>(shared.GetRequiredService<TrustListReloader>());
            services.AddSingleton<IHostedService>(shared.GetRequiredService<OutboxBacklogMonitor>());
            GatewayTelemetry.AddTracing(services, runtime.Participant, runtime.Exchange);
            GatewayHealthService.AddTo(services, PeerExchange.Descriptor.FullName);
            services.AddGrpc(o =>
            {
                ConfigureGrpc(o, runtime).Interceptors.Add<PeerAuthorizationInterceptor>();
                o.Interceptors.Add<ContractInterceptor>();
            });
        }, (app, log) =>
        {
            app.UseRateLimiter();
            app.MapGrpcService<PeerExchangeService>();
            GatewayHealthService.Map(app);
        }, (certificate, chain, log) =>
        {
            // With a stale trust list, its revocation data is stale too: a certificate valid but for
            // that is let through, so that every call is answered with the clear reason, TRUST_LIST_STALE.
            var check = peerValidator.Validate(certificate, chain?.ChainPolicy.ExtraStore, CertificatePurpose.TlsClient,
                trustListStale: runtime.TrustManager.Status == TrustListStatus.Stale);
            if (check.Reason == ReasonCode.TrustListStale)
            {
                return true;
            }

            if (!check.IsAccepted)
            {
                GatewayLog.PeerCertificateRefused(log, check.Reason.Name(), check.Detail, check.Participant?.ToString() ?? "none", certificate.Thumbprint);
                return false;
            }

            expiry.RecordPeer(check.Participant!, "tls", certificate);
            return true;
        });

        var local = Build(runtime, shared, logging, runtime.LocalListen, runtime.LocalServerCertificate, [], services =>
        {
            services.AddGrpc(o =>
            {
                ConfigureGrpc(o, runtime).Interceptors.Add<LocalAuthorizationInterceptor>();
                o.Interceptors.Add<ContractInterceptor>();
            });
            GatewayHealthService.AddTo(services, LocalExchange.Descriptor.FullName);
        }, (app, log) =>
        {
            app.MapGrpcService<LocalExchangeService>();
            GatewayHealthService.Map(app);
        }, (certificate, chain, log) =>
        {
            var check = localValidator.Validate(certificate, chain?.ChainPolicy.ExtraStore);
            if (!check.IsAccepted)
            {
                GatewayLog.LocalCertificateRefused(log, check.Reason.Name(), check.Detail, certificate.Thumbprint);
            }

            return check.IsAccepted;
        });

        var ops = OpsFace.Build(runtime, shared, logging, time);
        var logger = peer.Services.GetRequiredService<ILoggerFactory>().CreateLogger("CrossBorder.Gateway");
        return new GatewayHost(runtime, shared, peer, local, ops, logger);
    }

    public async Task StartAsync(CancellationToken cancellationToken)
    {
        // Durable commits block a thread for an fsync; enough threads from the start keep a slow
        // disk from starving the gRPC handlers while the pool would otherwise grow slowly.
        ThreadPool.GetMinThreads(out var workers, out var completion);
        ThreadPool.SetMinThreads(Math.Max(workers, MinimumWorkerThreads), completion);
        await Store.InitializeAsync(cancellationToken).ConfigureAwait(false);
        GatewayLog.StoreOpened(_logger, Runtime.Participant.ToString(), Runtime.Exchange.StoreDescription);
        await _peer.StartAsync(cancellationToken).ConfigureAwait(false);
        await _local.StartAsync(cancellationToken).ConfigureAwait(false);
        await _ops.StartAsync(cancellationToken).ConfigureAwait(false);
        OpsAddressFile.Write(Runtime.Ops, OpsAddress);
        GatewayLog.Started(_logger, Runtime.Participant.ToString(), PeerAddress.ToString(), LocalAddress.ToString(), OpsAddress.ToString(), Runtime.Trust.Sequence);
        _shared.GetRequiredService<CertificateExpiryMonitor>().LogOwn(_logger);
    }

    public async Task StopAsync(CancellationToken cancellationToken)
    {
        await _ops.StopAsync(cancellationToken).ConfigureAwait(false);
        await _local.StopAsync(cancellationToken).ConfigureAwait(false);
        await _peer.StopAsync(cancellationToken).ConfigureAwait(false);

        // The refusals counted in the open windows are audited before the store closes.
        await _shared.GetRequiredService<RefusalAudit>().FlushAsync(all: true).ConfigureAwait(false);

        // Then the chain's head as it is left is signed, so that a cut of the last entries shows.
        try
        {
            await AuditCheckpoints.CheckpointNowAsync(cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            AuditLog.CheckpointFailed(_logger, ex.GetType().FullName ?? "exception");
        }
        GatewayLog.Stopped(_logger, Runtime.Participant.ToString());
    }

    /// <summary>Days to expiry of this gateway's certificates and of the peer certificates seen.</summary>
    public IReadOnlyList<(string Owner, string Participant, string Use, double Days, bool Successor)> CertificateExpiry() => _shared.GetRequiredService<CertificateExpiryMonitor>().Report();

    public async ValueTask DisposeAsync()
    {
        // The faces first, then the exchange services that use the store, then the store and the keys.
        var store = Store;
        await _ops.DisposeAsync().ConfigureAwait(false);
        await _local.DisposeAsync().ConfigureAwait(false);
        await _peer.DisposeAsync().ConfigureAwait(false);
        await _shared.DisposeAsync().ConfigureAwait(false);
        await store.DisposeAsync().ConfigureAwait(false);
        Runtime.KeyRings.Dispose();
    }

    private static WebApplication Build(
        GatewayRuntime runtime,
        ServiceProvider shared,
        Action<ILoggingBuilder> logging,
        IPEndPoint endpoint,
        X509Certificate2 serverCertificate,
        X509Certificate2Collection serverChain,
        Action<IServiceCollection> services,
        Action<WebApplication, ILogger> map,
        Func<X509Certificate2, X509Chain?, ILogger, bool> acceptClient)
    {
        // The content root is the (read-only) program folder and configuration is not reloaded by a
        // file watcher: by default the host watches the working directory recursively, and a data
        // folder under it would wake the watcher on every database write.
        var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
        {
            Args = ["--hostBuilder:reloadConfigOnChange=false"],
            ContentRootPath = AppContext.BaseDirectory,
        });
        builder.Logging.ClearProviders();
        logging(builder.Logging);
        builder.Services.AddSingleton<IHostLifetime, ProcessOwnedLifetime>();
        SharedServices.ShareWith(builder.Services, shared);
        services(builder.Services);

        ILogger? tlsLog = null;
        builder.WebHost.ConfigureKestrel(kestrel =>
        {
            kestrel.AddServerHeader = false;
            kestrel.Limits.MaxRequestBodySize = PeerMessageLimits.RequestBodyBytes(runtime.MaxEnvelopeBytes);
            KestrelLimits.Apply(kestrel.Limits, runtime.Limits);
            kestrel.Listen(endpoint, listen =>
            {
                listen.Protocols = HttpProtocols.Http2;
                HandshakeBudget.Limit(listen, runtime.Limits.MaxHandshakeBytes, () => tlsLog!);
                listen.UseHttps(new HttpsConnectionAdapterOptions
                {
                    ServerCertificate = serverCertificate,
                    ServerCertificateChain = serverChain,
                    SslProtocols = SslProtocols.Tls13,
                    ClientCertificateMode = ClientCertificateMode.RequireCertificate,
                    CheckCertificateRevocation = false,
                    ClientCertificateValidation = (certificate, chain, _) => acceptClient(certificate, chain, tlsLog!),
                    OnAuthenticate = (_, ssl) => ssl.CertificateChainPolicy = TlsChainPolicy.Offline(),
                });
                HandshakeBudget.MarkComplete(listen);
            });
        });

        var app = builder.Build();
        tlsLog = app.Services.GetRequiredService<ILoggerFactory>().CreateLogger("CrossBorder.Gateway.Tls");
        map(app, tlsLog);
        return app;
    }

    private static GrpcServiceOptions ConfigureGrpc(GrpcServiceOptions options, GatewayRuntime runtime)
    {
        options.MaxReceiveMessageSize = PeerMessageLimits.GrpcMessageBytes(runtime.MaxEnvelopeBytes);
        options.MaxSendMessageSize = PeerMessageLimits.GrpcMessageBytes(runtime.MaxEnvelopeBytes);
        options.EnableDetailedErrors = false;
        options.Interceptors.Add<ErrorInterceptor>();
        return options;
    }

    private static Uri BoundAddress(WebApplication app)
    {
        var addresses = app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses;
        return new Uri(addresses.First());
    }
}
