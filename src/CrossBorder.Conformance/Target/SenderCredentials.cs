using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CrossBorder.Conformance.Envelopes;
using CrossBorder.Core.Certificates;
using CrossBorder.Core.Contracts;
using CrossBorder.Core.Envelopes;
using CrossBorder.Core.Trust;

namespace CrossBorder.Conformance.Target;

/// <summary>The loaded profile: the sender participant's TLS and signing identities, and the trust list in force.</summary>
internal sealed class SenderCredentials : IDisposable
{
    private SenderCredentials(ParticipantId participant, TlsIdentity tls, SigningIdentity signing, TrustListSnapshot trust, string legalBasis)
    {
        Participant = participant;
        Tls = tls;
        Signing = signing;
        Trust = trust;
        LegalBasis = legalBasis;
    }

    /// <summary>The target's envelope limit: the profile's, or the spec's default.</summary>
    public int EnvelopeLimit { get; private init; } = SchemaInfo.DefaultMaxEnvelopeBytes;

    /// <summary>The encryption certificate and key, when the profile names them: a certificate of the sender that is not for signing.</summary>
    public X509Certificate2? Encryption { get; private init; }

    /// <summary>The credentials of a participant on the other channel (police or victim assistance), when the profile names them.</summary>
    public SenderCredentials? OtherChannel { get; private init; }

    public ParticipantId Participant { get; }

    public TlsIdentity Tls { get; }

    public SigningIdentity Signing { get; }

    public TrustListSnapshot Trust { get; }

    public string LegalBasis { get; }

    /// <summary>The sealing side of the credentials.</summary>
    public EnvelopeSender Sender => new(Participant, Signing, Trust, LegalBasis);

    /// <summary>Loads every file the profile names; the trust list must be signed by the profile's operator.</summary>
    public static SenderCredentials Load(ConformanceProfile profile)
    {
        ArgumentNullException.ThrowIfNull(profile);
        if (!ParticipantId.TryParse(profile.Participant, out var participant))
        {
            throw new InvalidDataException($"participant '{profile.Participant}' must look like IT/NCP");
        }

        var trust = TrustListCodec.Open(File.ReadAllBytes(profile.Resolve(profile.TrustList)), CertificateFiles.LoadCertificate(profile.Resolve(profile.OperatorCertificate)));
        var tls = new TlsIdentity(
            CertificateFiles.LoadCertificateWithKey(profile.Resolve(profile.Tls.Certificate), profile.Resolve(profile.Tls.Key)),
            Chain(profile, profile.Tls));
        var signingCertificate = CertificateFiles.LoadCertificateWithKey(profile.Resolve(profile.Signing.Certificate), profile.Resolve(profile.Signing.Key));
        AsymmetricAlgorithm key = (AsymmetricAlgorithm?)signingCertificate.GetECDsaPrivateKey() ?? signingCertificate.GetRSAPrivateKey()
            ?? throw new InvalidDataException("the signing key is neither ECDSA nor RSA");
        return new SenderCredentials(participant, tls, new SigningIdentity(signingCertificate, key, Chain(profile, profile.Signing)), trust, profile.LegalBasis)
        {
            EnvelopeLimit = profile.TargetMaxEnvelopeBytes ?? SchemaInfo.DefaultMaxEnvelopeBytes,
            Encryption = profile.Encryption.Certificate.Length > 0 && profile.Encryption.Key.Length > 0
                ? CertificateFiles.LoadCertificateWithKey(profile.Resolve(profile.Encryption.Certificate), profile.Resolve(profile.Encryption.Key))
                : null,
            OtherChannel = profile.OtherChannel.Length > 0 ? LoadOther(profile.Resolve(profile.OtherChannel), participant) : null,
        };
    }

    /// <summary>The other channel's profile; only its own credentials are loaded (not a further other channel).</summary>
    private static SenderCredentials LoadOther(string path, ParticipantId self)
    {
        var other = ConformanceProfile.Load(path);
        other.OtherChannel = "";
        var credentials = Load(other);
        return credentials.Participant != self
            ? credentials
            : throw new InvalidDataException($"the other channel's profile {path} names {self} again");
    }

    private static X509Certificate2Collection Chain(ConformanceProfile profile, ProfileFiles files) =>
        files.Chain.Length > 0 ? CertificateFiles.LoadCertificates(profile.Resolve(files.Chain)) : [];

    public void Dispose()
    {
        Tls.Dispose();
        Signing.Key.Dispose();
        Signing.Certificate.Dispose();
        Encryption?.Dispose();
        OtherChannel?.Dispose();
    }
}
