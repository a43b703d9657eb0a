using System.Net;
using System.Security.Authentication;
using CrossBorder.Conformance.Target;
using CrossBorder.Core.Contracts;
using CrossBorder.Core.Delivery;
using CrossBorder.Core.Delivery.Inbound;
using CrossBorder.Core.KeyRings;
using CrossBorder.Core.Policy;
using CrossBorder.Core.Trust;
using CrossBorder.Gateway.Configuration;
using CrossBorder.Gateway.Exchange;
using CrossBorder.Gateway.Hosting;
using CrossBorder.Gateway.Security;
using CrossBorder.Storage.Sqlite;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Hosting;
using Microsoft.AspNetCore.Hosting.Server;
using Microsoft.AspNetCore.Hosting.Server.Features;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.AspNetCore.Server.Kestrel.Https;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Logging.Abstractions;
using CertificateFiles = CrossBorder.Core.Certificates.CertificateFiles;

namespace CrossBorder.Conformance.Responder;

/// <summary>
/// A reference peer for testing a partner's sender: the profile's participant's peer face on one
/// endpoint, with the gateway's own TLS rules (TLS 1.3, a client certificate validated against the
/// trust list, the handshake budget, the connection limits), its interceptors (per-call
/// re-validation, strict requests, refusals as status with ErrorInfo) and Core's inbound pipeline,
/// which answers every delivery. What it accepts goes to a SQLite store in a temporary folder,
/// deleted at stop: the gateway's own store, so duplicates, id conflicts and concurrent first
/// deliveries are judged exactly as the gateway judges them, with no second store to keep true.
/// </summary>
internal sealed class ReferenceResponder : IAsyncDisposable
{
    private const int MessageOverheadBytes = 64 * 1024;
    private static readonly TimeSpan Skew = TimeSpan.FromSeconds(300);

    private readonly WebApplication _app;
    private readonly List<IAsyncDisposable> _owned;
    private readonly string _folder;

    private ReferenceResponder(ParticipantId participant, WebApplication app, List<IAsyncDisposable> owned, string folder)
    {
        Participant = participant;
        _app = app;
        _owned = owned;
        _folder = folder;
    }

    public ParticipantId Participant { get; }

    /// <summary>The bound address, e.g. <c>https://127.0.0.1:47100/</c>.</summary>
    public Uri Address => new(_app.Services.GetRequiredService<IServer>().Features.Get<IServerAddressesFeature>()!.Addresses.First());

    /// <summary>
    /// Starts serving as the profile's participant; throws <see cref="InvalidDataException"/> when
    /// the profile cannot serve (no encryption files, the participant not in the trust list) and
    /// <see cref="Core.Errors.RejectedException"/> when the trust list is refused.
    /// </summary>
    public static async Task<ReferenceResponder> StartAsync(ConformanceProfile profile, IPEndPoint listen, string verdictsPath, TimeProvider time, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(profile);
        var self = ParticipantId.TryParse(profile.Participant, out var parsed) ? parsed : throw new InvalidDataException($"participant '{profile.Participant}' must look like AL/NCP");
        if (profile.Encryption.Certificate.Length == 0 || profile.Encryption.Key.Length == 0)
        {
            throw new InvalidDataException("the conformance profile lacks encryption.certificate or encryption.key: the responder decrypts what it receives");
        }

        var folder = Directory.CreateTempSubdirectory("crossborder-responder-").FullName;
        var owned = new List<IAsyncDisposable>();
        try
        {
            var trust = new TrustListManager(
                CertificateFiles.LoadCertificate(profile.Resolve(profile.OperatorCertificate)), new FileTrustStateStore(Path.Combine(folder, "trust-state.json")), time, TimeSpan.FromHours(24), NullLogger.Instance);
            var snapshot = trust.Offer(File.ReadAllBytes(profile.Resolve(profile.TrustList)));
            if (snapshot.Find(self) is null)
            {
                throw new InvalidDataException($"{self} is not a participant of the trust list");
            }

            var keys = new KeyRingProvider(
                new FileKeySource(
                    [new KeyFilePair(profile.Resolve(profile.Signing.Certificate), profile.Resolve(profile.Signing.Key))],
                    [new KeyFilePair(profile.Resolve(profile.Encryption.Certificate), profile.Resolve(profile.Encryption.Key))],
                    profile.Signing.Chain.Length > 0 ? profile.Resolve(profile.Signing.Chain) : null),
                NullLogger<KeyRingProvider>.Instance);
            owned.Add(new Disposing(keys));
            var store = new SqliteMessageStore(Path.Combine(folder, "responder.db"), new SqliteStoreOptions { Synchronous = SqliteStoreOptions.SynchronousNormal });
            owned.Add(store);
            await store.InitializeAsync(cancellationToken).ConfigureAwait(false);

            var validator = new PeerCertificateValidator(() => trust.Current!, time);
            var settings = new DeliverySettings(SchemaInfo.DefaultMaxEnvelopeBytes, Skew, SenderChecks.MaxLifetime);
            var opened = new OpenedInbox(time);
            owned.Add(new Disposing(opened));
            var memory = new DeliveryMemory();
            var verdicts = VerdictFile.Append(verdictsPath);
            owned.Add(verdicts);
            var judge = new ResponderJudge(
                InboundPipeline.Create(self, settings, trust, store, store, keys, validator, new PolicyInForce(PolicyLoader.LoadDefault()), opened, time),
                new SenderChecks(self, trust, keys, validator, memory, Skew, settings.MaxEnvelopeBytes),
                memory,
                verdicts,
                settings.MaxEnvelopeBytes,
                time);
            owned.Add(new Disposing(judge));
            var limits = new PeerRateLimits(GatewayLimits.Default);
            owned.Add(new Disposing(limits));
            var refusals = new RefusalAudit(store, time, GatewayLimits.Default.RefusalWindow, NullLogger.Instance);
            owned.Add(refusals);

            var tls = CertificateFiles.LoadCertificateWithKey(profile.Resolve(profile.Tls.Certificate), profile.Resolve(profile.Tls.Key));
            owned.Add(new Disposing(tls));
            var chain = profile.Tls.Chain.Length > 0 ? CertificateFiles.LoadCertificates(profile.Resolve(profile.Tls.Chain)) : [];

            var builder = WebApplication.CreateSlimBuilder(new WebApplicationOptions
            {
                Args = ["--hostBuilder:reloadConfigOnChange=false"],
                ContentRootPath = AppContext.BaseDirectory,
            });
            builder.Logging.ClearProviders();
            builder.Services.AddSingleton(self);
            builder.Services.AddSingleton(time);
            builder.Services.AddSingleton(trust);
            builder.Services.AddSingleton(validator);
            builder.Services.AddSingleton(judge);
            builder.Services.AddSingleton(limits);
            builder.Services.AddSingleton(refusals);
            builder.Services.AddGrpc(o =>
            {
                o.MaxReceiveMessageSize = settings.MaxEnvelopeBytes + MessageOverheadBytes;
                o.MaxSendMessageSize = settings.MaxEnvelopeBytes + MessageOverheadBytes;
                o.EnableDetailedErrors = false;
                o.Interceptors.Add<ErrorInterceptor>();
                o.Interceptors.Add<VerdictInterceptor>();
                o.Interceptors.Add<PeerAuthorizationInterceptor>();
                o.Interceptors.Add<ContractInterceptor>();
            });
            builder.WebHost.ConfigureKestrel(kestrel =>
            {
                kestrel.AddServerHeader = false;
                kestrel.Limits.MaxRequestBodySize = settings.MaxEnvelopeBytes + MessageOverheadBytes;
                KestrelLimits.Apply(kestrel.Limits, GatewayLimits.Default);
                kestrel.Listen(listen, endpoint =>
                {
                    endpoint.Protocols = HttpProtocols.Http2;
                    HandshakeBudget.Limit(endpoint, GatewayLimits.Default.MaxHandshakeBytes, () => NullLogger.Instance);
                    endpoint.UseHttps(new HttpsConnectionAdapterOptions
                    {
                        ServerCertificate = tls,
                        ServerCertificateChain = chain,
                        SslProtocols = SslProtocols.Tls13,
                        ClientCertificateMode = ClientCertificateMode.RequireCertificate,
                        CheckCertificateRevocation = false,
                        ClientCertificateValidation = (certificate, presented, _) =>
                            validator.Validate(certificate, presented?.ChainPolicy.ExtraStore, CertificatePurpose.TlsClient).IsAccepted,
                        OnAuthenticate = (_, ssl) => ssl.CertificateChainPolicy = TlsChainPolicy.Offline(),
                    });
                    HandshakeBudget.MarkComplete(endpoint);
                });
            });
            var app = builder.Build();
            owned.Add(app);
            app.MapGrpcService<ResponderPeerExchange>();
            await app.StartAsync(cancellationToken).ConfigureAwait(false);
            owned.Remove(app);
            return new ReferenceResponder(self, app, owned, folder);
        }
        catch
        {
            await DisposeAllAsync(owned, folder).ConfigureAwait(false);
            throw;
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _app.StopAsync(CancellationToken.None).ConfigureAwait(false);
        await _app.DisposeAsync().ConfigureAwait(false);
        await DisposeAllAsync(_owned, _folder).ConfigureAwait(false);
    }

    private static async Task DisposeAllAsync(List<IAsyncDisposable> owned, string folder)
    {
        // The last made first: the refusal audit writes to the store before it closes.
        for (var i = owned.Count - 1; i >= 0; i--)
        {
            await owned[i].DisposeAsync().ConfigureAwait(false);
        }

        try
        {
            Directory.Delete(folder, recursive: true);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            // A temporary folder the system cleans up; nothing of it is needed after the run.
        }
    }

    /// <summary>A synchronous disposable in the list of what the responder owns.</summary>
    private sealed class Disposing(IDisposable inner) : IAsyncDisposable
    {
        public ValueTask DisposeAsync()
        {
            inner.Dispose();
            return ValueTask.CompletedTask;
        }
    }
}
