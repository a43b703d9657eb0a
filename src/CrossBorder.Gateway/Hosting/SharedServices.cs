using CrossBorder.Core.Delivery;
using CrossBorder.Core.Delivery.Outbound;
using CrossBorder.Core.KeyRings;
using CrossBorder.Core.Policy;
using CrossBorder.Core.Storage;
using CrossBorder.Core.Telemetry;
using CrossBorder.Core.Trust;
using CrossBorder.Gateway.Configuration;
using CrossBorder.Gateway.Exchange;
using CrossBorder.Gateway.Ops;
using CrossBorder.Gateway.Security;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;

namespace CrossBorder.Gateway.Hosting;

/// <summary>
/// The one container of a gateway: the focused services of the configuration and the exchange
/// that both faces serve, each made once. The faces are two Kestrel servers with their own
/// containers; <see cref="ShareWith"/> hands each of them the same instances (registered as
/// instances, so that a face never disposes what it only borrows). This is the one place that
/// says what is shared.
/// </summary>
internal static class SharedServices
{
    /// <summary>The services both faces resolve from the shared container.</summary>
    private static readonly Type[] Shared =
    [
        typeof(TimeProvider),
        typeof(GatewayMetrics),
        typeof(ParticipantId),
        typeof(TlsIdentity),
        typeof(LocalRoles),
        typeof(EnvelopeSize),
        typeof(TrustListManager),
        typeof(RevocationPolicy),
        typeof(CrlStore),
        typeof(PolicyInForce),
        typeof(ExchangeSettings),
        typeof(GatewayLimits),
        typeof(KeyRingProvider),
        typeof(IKeyRings),
        typeof(PeerCertificateValidator),
        typeof(LocalClientValidator),
        typeof(CertificateExpiryMonitor),
        typeof(IMessageStore),
        typeof(IOutboxStore),
        typeof(IInboxStore),
        typeof(IAuditTrail),
        typeof(IAuditCheckpoints),
        typeof(AuditCheckpointWriter),
        typeof(IOperationsView),
        typeof(InboxSignal),
        typeof(OutboxDispatcher),
        typeof(InboxPurge),
        typeof(PeerRateLimits),
        typeof(RefusalAudit),
        typeof(InboundDelivery),
        typeof(Submission),
        typeof(RevocationMonitor),
        typeof(CrlFetcher),
        typeof(TrustListReloader),
        typeof(SpanRecorder),
        typeof(OutboxBacklogMonitor),
        typeof(GatewayHealth),
    ];

    /// <summary>
    /// Builds the shared container from the checked configuration. The store and the key rings are
    /// registered as instances (the host disposes them after the container, in that order);
    /// everything else is made and disposed by the container.
    /// </summary>
    public static ServiceProvider Build(GatewayRuntime runtime, TimeProvider time, Action<ILoggingBuilder> logging, IMessageStore store)
    {
        var services = new ServiceCollection();
        services.AddLogging(logging);
        GatewayTelemetry.AddMetrics(services, runtime.Participant, runtime.Exchange);
        services.AddSingleton<GatewayMetrics>();
        services.AddSingleton(time);

        // The configuration: the options as the loader checked them (values and files, every
        // problem at once), not validated again here; then as focused values and services.
        GatewayOptionsRegistration.AddChecked(services, runtime.Options);
        services.AddSingleton(runtime.Participant);
        services.AddSingleton(new TlsIdentity(runtime.TlsCertificate, runtime.TlsChain));
        services.AddSingleton(new LocalRoles(runtime.LocalRoles));
        services.AddSingleton(new EnvelopeSize(runtime.MaxEnvelopeBytes));
        services.AddSingleton(runtime.TrustManager);
        services.AddSingleton(runtime.Revocation);
        services.AddSingleton(runtime.FetchedCrls);
        services.AddSingleton(runtime.Policy);
        services.AddSingleton(runtime.Exchange);
        services.AddSingleton(runtime.Limits);
        services.AddSingleton(runtime.KeyRings);
        services.AddSingleton<IKeyRings>(runtime.KeyRings);
        services.AddSingleton(new WatchedFiles(runtime.TrustListPath, runtime.TrustListPoll, runtime.PolicyPath));
        services.AddSingleton(new CrlFetchSchedule(runtime.CrlFetchInterval));
        services.AddSingleton(store);
        services.AddSingleton<IOutboxStore>(store);
        services.AddSingleton<IInboxStore>(store);
        services.AddSingleton<IAuditTrail>(store);
        services.AddSingleton<IAuditCheckpoints>(store);
        services.AddSingleton<IOperationsView>(store);

        // Trust decisions and the monitors of the reload tick.
        services.AddSingleton(sp => new PeerCertificateValidator(() => runtime.Trust, time, runtime.Revocation, runtime.FetchedCrls));
        services.AddSingleton(sp => new LocalClientValidator(runtime.Participant, runtime.LocalCa, runtime.LocalRoles.Keys.ToHashSet(), time, runtime.RevokedLocalClients));
        services.AddSingleton(sp => new CertificateExpiryMonitor(
            runtime.Participant, runtime.TlsCertificate, runtime.LocalServerCertificate, runtime.KeyRings, sp.GetRequiredService<GatewayMetrics>(), time));
        services.AddSingleton<RevocationMonitor>();
        services.AddSingleton<CrlFetcher>();
        services.AddSingleton<TrustListReloader>();
        services.AddSingleton<OutboxBacklogMonitor>();
        services.AddSingleton<GatewayHealth>();

        // The exchange.
        services.AddSingleton(_ =>
        {
            // Replicas sharing a store wake their inbox readers for what any of them received.
            var signal = new InboxSignal();
            if (store is IInboundCommitFeed feed)
            {
                feed.InboundCommitted += signal.Notify;
            }

            return signal;
        });
        services.AddSingleton<OutboxDispatcher>();
        services.AddSingleton<InboxPurge>();
        services.AddSingleton(sp => new AuditCheckpointWriter(store, store, runtime.KeyRings, runtime.AuditSigners, runtime.Exchange,
            sp.GetRequiredService<GatewayMetrics>(), time, sp.GetRequiredService<ILogger<AuditCheckpointWriter>>()));
        services.AddSingleton(sp => new PeerRateLimits(runtime.Limits));
        services.AddSingleton(sp => new RefusalAudit(store, time, runtime.Limits.RefusalWindow, sp.GetRequiredService<ILogger<RefusalAudit>>()));
        services.AddSingleton<InboundDelivery>();
        services.AddSingleton(sp => new OutboundPipeline(
            new SubmitAuthorization(runtime.Participant, runtime.Exchange.LegalBases),
            new SendRoute(runtime.Participant, runtime.TrustManager),
            new Minimize(runtime.Participant, runtime.Policy, runtime.Exchange.PseudonymKeys, sp.GetRequiredService<GatewayMetrics>()),
            new Seal(runtime.Participant, runtime.KeyRings, new RecipientCertificates(sp.GetRequiredService<PeerCertificateValidator>()),
                new DeliverySettings(runtime.MaxEnvelopeBytes, runtime.Exchange.ClockSkew, runtime.Exchange.MaxMessageLifetime), runtime.Exchange.MessageLifetime, time),
            runtime.Policy, store, sp.GetRequiredService<OutboxDispatcher>(), sp.GetRequiredService<GatewayMetrics>(), time, sp.GetRequiredService<ILogger<OutboundPipeline>>()));
        services.AddSingleton<Submission>();

        // The console's recent spans of this gateway (listening from the start).
        services.AddSingleton(sp => new SpanRecorder(runtime.Participant));

        var provider = services.BuildServiceProvider(new ServiceProviderOptions { ValidateOnBuild = true });
        provider.GetRequiredService<GatewayMetrics>().Observe(runtime.TrustManager);
        provider.GetRequiredService<SpanRecorder>();
        GatewayTelemetry.StartMetrics(provider);
        return provider;
    }

    /// <summary>Registers every shared instance in a face's container.</summary>
    public static void ShareWith(IServiceCollection face, IServiceProvider shared)
    {
        foreach (var type in Shared)
        {
            face.AddSingleton(type, shared.GetRequiredService(type));
        }
    }
}
