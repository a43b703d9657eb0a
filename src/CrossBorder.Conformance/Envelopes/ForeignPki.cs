using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CrossBorder.Conformance.Pki;
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
    private readonly ECDsa _caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly X509Certificate2 _ca;
    private readonly DateTimeOffset _now;

    public ForeignPki(ParticipantId claimed, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(claimed);
        ArgumentNullException.ThrowIfNull(time);
        _now = time.GetUtcNow();
        _ca = CertificateFactory.SelfSignedCa(
            $"CN=Conformance Foreign CA {claimed.Country}, O=Not In The Trust List, C={claimed.Country}", _caKey, null, _now.AddMinutes(-5), _now.AddDays(1));
        Claimed = claimed;
    }

    public ParticipantId Claimed { get; }

    /// <summary>A TLS client certificate naming the claimed participant, with the foreign CA as its chain.</summary>
    public TlsIdentity TlsClient()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var certificate = Leaf(new PublicKey(key), X509KeyUsageFlags.DigitalSignature, [CertificateFactory.ClientAuth]);
        return new TlsIdentity(certificate.CopyWithPrivateKey(key), [X509CertificateLoader.LoadCertificate(_ca.RawData)]);
    }

    /// <summary>A message signing identity naming the claimed participant; the caller disposes the key.</summary>
    public SigningIdentity Signer()
    {
        var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var certificate = Leaf(new PublicKey(key), X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation, []);
        return new SigningIdentity(certificate.CopyWithPrivateKey(key), key, [X509CertificateLoader.LoadCertificate(_ca.RawData)]);
    }

    /// <summary>A message signing identity with an RSA 2048 key, for signature algorithms only RSA has; the caller disposes the key.</summary>
    public SigningIdentity RsaSigner()
    {
        var key = RSA.Create(2048);
        var certificate = Leaf(new PublicKey(key), X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation, []);
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

    private X509Certificate2 Leaf(PublicKey key, X509KeyUsageFlags usage, IReadOnlyList<string> extendedUsages) =>
        CertificateFactory.Leaf($"CN={Claimed}, O=Not In The Trust List, C={Claimed.Country}", key, _ca, _caKey,
            usage, extendedUsages, [Claimed.Uri], false, _now.AddMinutes(-5), _now.AddDays(1));

    /// <summary>A positive random 128-bit serial number.</summary>
    private static byte[] Serial()
    {
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F;
        return serial;
    }
}
