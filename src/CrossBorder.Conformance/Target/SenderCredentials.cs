using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CrossBorder.Conformance.Envelopes;
using CrossBorder.Core.Certificates;
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
        return new SenderCredentials(participant, tls, new SigningIdentity(signingCertificate, key, Chain(profile, profile.Signing)), trust, profile.LegalBasis);
    }

    private static X509Certificate2Collection Chain(ConformanceProfile profile, ProfileFiles files) =>
        files.Chain.Length > 0 ? CertificateFiles.LoadCertificates(profile.Resolve(files.Chain)) : [];

    public void Dispose()
    {
        Tls.Dispose();
        Signing.Key.Dispose();
        Signing.Certificate.Dispose();
    }
}
