using System.Collections.Frozen;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using CrossBorder.Core.KeyRings;
using CrossBorder.Core.Policy;
using CrossBorder.Core.Trust;

namespace CrossBorder.Gateway.Configuration;

/// <summary>
/// The loaded configuration: what <see cref="GatewayRuntimeLoader"/> reads and checks, handed whole
/// and unchanged to the composition root, like a configuration snapshot. It is not a service: the
/// composition root (<see cref="Hosting.GatewayHost"/> and <see cref="Hosting.SharedServices"/>)
/// takes it apart into the focused values and services of the one container
/// (<see cref="ParticipantId"/>, <see cref="TlsIdentity"/>, <see cref="Configuration.LocalRoles"/>,
/// <see cref="EnvelopeSize"/>, <see cref="ExchangeSettings"/>, <see cref="GatewayLimits"/>,
/// <see cref="TrustListManager"/>, <see cref="KeyRingProvider"/>, ...), and the exchange classes
/// take those. Besides the composition root, only one-shot commands that load a configuration
/// without starting a host read it (the CLI's check, ping and audit, through
/// <see cref="Peers.PeerPinger"/> for ping), as do tests and benchmarks.
/// </summary>
internal sealed class GatewayRuntime
{
    public GatewayRuntime(
        ParticipantId participant,
        IPEndPoint peerListen,
        IPEndPoint localListen,
        X509Certificate2 tlsCertificate,
        X509Certificate2Collection tlsChain,
        KeyRingProvider keyRings,
        TrustListManager trustManager,
        string trustListPath,
        TimeSpan trustListPoll,
        RevocationPolicy revocation,
        CrlStore fetchedCrls,
        TimeSpan crlFetchInterval,
        PolicyInForce policy,
        string? policyPath,
        X509Certificate2Collection localCa,
        X509Certificate2 localServerCertificate,
        FrozenDictionary<string, LocalRole> localRoles,
        int maxEnvelopeBytes,
        string dataDirectory,
        ExchangeSettings exchange)
    {
        Exchange = exchange;
        Participant = participant;
        PeerListen = peerListen;
        LocalListen = localListen;
        TlsCertificate = tlsCertificate;
        TlsChain = tlsChain;
        KeyRings = keyRings;
        TrustManager = trustManager;
        TrustListPath = trustListPath;
        TrustListPoll = trustListPoll;
        Revocation = revocation;
        FetchedCrls = fetchedCrls;
        CrlFetchInterval = crlFetchInterval;
        Policy = policy;
        PolicyPath = policyPath;
        LocalCa = localCa;
        LocalServerCertificate = localServerCertificate;
        LocalRoles = localRoles;
        MaxEnvelopeBytes = maxEnvelopeBytes;
        DataDirectory = dataDirectory;
    }

    public ParticipantId Participant { get; }

    public IPEndPoint PeerListen { get; }

    public IPEndPoint LocalListen { get; }

    public X509Certificate2 TlsCertificate { get; }

    public X509Certificate2Collection TlsChain { get; }

    /// <summary>The signing and encryption key rings in force, taken anew when the key files change.</summary>
    public KeyRingProvider KeyRings { get; }

    /// <summary>Signing certificates that left the ring: audit checkpoints signed with them still verify.</summary>
    public X509Certificate2Collection RetiredSigningCertificates { get; init; } = [];

    /// <summary>Every certificate an audit checkpoint of this gateway may be signed by: the signing ring in force and the retired ones.</summary>
    public IReadOnlyList<X509Certificate2> AuditSigners() => [.. KeyRings.Rings.Signing.Certificates, .. RetiredSigningCertificates];

    /// <summary>The configured main signing certificate of the rings in force.</summary>
    public X509Certificate2 SigningCertificate => KeyRings.Rings.Signing.Certificates[0];

    /// <summary>The configured main encryption certificate of the rings in force.</summary>
    public X509Certificate2 EncryptionCertificate => KeyRings.Rings.Encryption.Certificates[0];

    /// <summary>Keeps the trust list in force: reloads, rollback protection, freshness.</summary>
    public TrustListManager TrustManager { get; }

    /// <summary>The trust list file the gateway watches.</summary>
    public string TrustListPath { get; }

    /// <summary>How often the trust list file is checked for a new list.</summary>
    public TimeSpan TrustListPoll { get; }

    /// <summary>The minimization policy in force.</summary>
    public PolicyInForce Policy { get; }

    /// <summary>The policy file the gateway watches; null for the shipped default.</summary>
    public string? PolicyPath { get; }

    /// <summary>CRLs fetched from the trust list's CRL locations (persisted in the data folder).</summary>
    public CrlStore FetchedCrls { get; }

    /// <summary>How often CRLs are fetched.</summary>
    public TimeSpan CrlFetchInterval { get; }

    /// <summary>How stale revocation data is treated.</summary>
    public RevocationPolicy Revocation { get; }

    /// <summary>The trust list in force; swapped whole, read once per decision. The loader guarantees one.</summary>
    public TrustListSnapshot Trust => TrustManager.Current!;

    public X509Certificate2Collection LocalCa { get; }

    public X509Certificate2 LocalServerCertificate { get; }

    public FrozenDictionary<string, LocalRole> LocalRoles { get; }

    public int MaxEnvelopeBytes { get; }

    public string DataDirectory { get; }

    /// <summary>SHA-256 fingerprints (upper-case hex) of local client certificates withdrawn before they expire.</summary>
    public FrozenSet<string> RevokedLocalClients { get; init; } = FrozenSet<string>.Empty;

    /// <summary>Lifetimes, retries, retention and storage of the exchange.</summary>
    public ExchangeSettings Exchange { get; }

    /// <summary>Flood limits of both faces and per peer.</summary>
    public GatewayLimits Limits { get; init; } = GatewayLimits.Default;

    /// <summary>The operations face: address, session and login lifetimes, its files, the metrics token.</summary>
    public required OpsSettings Ops { get; init; }

    /// <summary>The options this snapshot was made from, as the loader checked them (values and files); not to be changed.</summary>
    public required GatewayOptions Options { get; init; }
}
