using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CrossBorder.Conformance.Target;
using CrossBorder.Core.Envelopes;
using CrossBorder.Core.Trust;

namespace CrossBorder.Conformance.Envelopes;

/// <summary>
/// A CA no trust list names, minted at run time, and certificates from it that claim to be the
/// sender participant: a TLS client certificate and a message signing certificate, otherwise
/// shaped like the federation's own (key usages, SAN with the participant URI, SKI/AKI).
/// </summary>
internal sealed class ForeignPki : IDisposable
{
    private const string ClientAuth = "1.3.6.1.5.5.7.3.2";

    private readonly ECDsa _caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly X509Certificate2 _ca;
    private readonly DateTimeOffset _now;

    public ForeignPki(ParticipantId claimed, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(claimed);
        ArgumentNullException.ThrowIfNull(time);
        _now = time.GetUtcNow();
        var request = new CertificateRequest($"CN=Conformance Foreign CA {claimed.Country}, O=Not In The Trust List, C={claimed.Country}", _caKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        _ca = request.CreateSelfSigned(_now.AddMinutes(-5), _now.AddDays(1));
        Claimed = claimed;
    }

    public ParticipantId Claimed { get; }

    /// <summary>A TLS client certificate naming the claimed participant, with the foreign CA as its chain.</summary>
    public TlsIdentity TlsClient()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var certificate = Leaf(key, X509KeyUsageFlags.DigitalSignature, ClientAuth);
        return new TlsIdentity(certificate.CopyWithPrivateKey(key), [X509CertificateLoader.LoadCertificate(_ca.RawData)]);
    }

    /// <summary>A message signing identity naming the claimed participant; the caller disposes the key.</summary>
    public SigningIdentity Signer()
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var certificate = Leaf(key, X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation, null);
        return new SigningIdentity(certificate.CopyWithPrivateKey(key), key, [X509CertificateLoader.LoadCertificate(_ca.RawData)]);
    }

    /// <summary>A message signing identity with an RSA 2048 key, for signature algorithms only RSA has; the caller disposes the key.</summary>
    public SigningIdentity RsaSigner()
    {
        var key = RSA.Create(2048);
        var request = LeafRequest(key, X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation, null, HashAlgorithmName.SHA256, RSASignaturePadding.Pss);
        var certificate = request.Create(_ca.SubjectName, X509SignatureGenerator.CreateForECDsa(_caKey), _now.AddMinutes(-5), _now.AddDays(1), Serial());
        return new SigningIdentity(certificate.CopyWithPrivateKey(key), key, [X509CertificateLoader.LoadCertificate(_ca.RawData)]);
    }

    /// <summary><paramref name="count"/> well-formed certificates of the foreign CA that name nobody: path-building material no path needs.</summary>
    public IReadOnlyList<X509Certificate2> Strangers(int count)
    {
        var strangers = new List<X509Certificate2>();
        for (var i = 0; i < count; i++)
        {
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var request = new CertificateRequest($"CN=Conformance Stranger {i}, O=Not In The Trust List", key, HashAlgorithmName.SHA256);
            strangers.Add(request.Create(_ca.SubjectName, X509SignatureGenerator.CreateForECDsa(_caKey), _now.AddMinutes(-5), _now.AddDays(1), Serial()));
        }

        return strangers;
    }

    public void Dispose()
    {
        _ca.Dispose();
        _caKey.Dispose();
    }

    private X509Certificate2 Leaf(ECDsa key, X509KeyUsageFlags usage, string? extendedUsage) =>
        LeafRequest(key, usage, extendedUsage, HashAlgorithmName.SHA256, null)
            .Create(_ca.SubjectName, X509SignatureGenerator.CreateForECDsa(_caKey), _now.AddMinutes(-5), _now.AddDays(1), Serial());

    private CertificateRequest LeafRequest(AsymmetricAlgorithm key, X509KeyUsageFlags usage, string? extendedUsage, HashAlgorithmName hash, RSASignaturePadding? padding)
    {
        var request = key switch
        {
            ECDsa ecdsa => new CertificateRequest($"CN={Claimed}, O=Not In The Trust List, C={Claimed.Country}", ecdsa, hash),
            RSA rsa => new CertificateRequest($"CN={Claimed}, O=Not In The Trust List, C={Claimed.Country}", rsa, hash, padding ?? RSASignaturePadding.Pss),
            _ => throw new ArgumentException("an ECDSA or RSA key is needed", nameof(key)),
        };
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(usage, true));
        if (extendedUsage is not null)
        {
            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension([new Oid(extendedUsage)], false));
        }

        var san = new SubjectAlternativeNameBuilder();
        san.AddUri(new Uri(Claimed.Uri));
        request.CertificateExtensions.Add(san.Build(critical: false));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(_ca, true, false));
        return request;
    }

    /// <summary>A positive random 128-bit serial number.</summary>
    private static byte[] Serial()
    {
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        return serial;
    }
}
