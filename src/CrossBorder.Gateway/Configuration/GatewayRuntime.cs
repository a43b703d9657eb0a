using System.Collections.Frozen;
using System.Net;
using System.Security.Cryptography.X509Certificates;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Trust;

namespace CrossBorder.Gateway.Configuration;

/// <summary>Everything a gateway needs, loaded and checked: what <see cref="GatewayRuntimeLoader"/> hands the host.</summary>
internal sealed class GatewayRuntime
{
    private TrustListSnapshot _trust;

    public GatewayRuntime(
        ParticipantId participant,
        IPEndPoint peerListen,
        IPEndPoint localListen,
        X509Certificate2 tlsCertificate,
        X509Certificate2Collection tlsChain,
        X509Certificate2 signingCertificate,
        X509Certificate2 encryptionCertificate,
        X509Certificate2 operatorCertificate,
        TrustListSnapshot trust,
        X509Certificate2Collection localCa,
        X509Certificate2 localServerCertificate,
        FrozenDictionary<string, LocalRole> localRoles,
        int maxEnvelopeBytes,
        string dataDirectory)
    {
        Participant = participant;
        PeerListen = peerListen;
        LocalListen = localListen;
        TlsCertificate = tlsCertificate;
        TlsChain = tlsChain;
        SigningCertificate = signingCertificate;
        EncryptionCertificate = encryptionCertificate;
        OperatorCertificate = operatorCertificate;
        _trust = trust;
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

    public X509Certificate2 SigningCertificate { get; }

    public X509Certificate2 EncryptionCertificate { get; }

    public X509Certificate2 OperatorCertificate { get; }

    /// <summary>The trust list in force; swapped whole, read once per decision.</summary>
    public TrustListSnapshot Trust => Volatile.Read(ref _trust);

    public X509Certificate2Collection LocalCa { get; }

    public X509Certificate2 LocalServerCertificate { get; }

    public FrozenDictionary<string, LocalRole> LocalRoles { get; }

    public int MaxEnvelopeBytes { get; }

    public string DataDirectory { get; }

    public void ReplaceTrust(TrustListSnapshot next) => Volatile.Write(ref _trust, next);
}

/// <summary>A configured local role.</summary>
internal sealed record LocalRole(string Name, FrozenSet<MessageType> MaySubmit, FrozenSet<MessageType> MayRead);
