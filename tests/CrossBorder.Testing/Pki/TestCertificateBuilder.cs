using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CrossBorder.Testing.Pki;

/// <summary>
/// The one way tests make certificates: a subject, a key, the extensions in the order they are
/// asked for, a validity and an issuer (self-signed when none). Nothing is added that the test
/// did not ask for, so a test that needs a certificate lacking something simply does not ask.
/// </summary>
/// <example>
/// <code>
/// using var root = TestCertificateBuilder.For("CN=Test Root").Ca().CaKeyUsage().SubjectKeyIdentifier().Valid(from, to).Build();
/// using var leaf = TestCertificateBuilder.For("CN=Leaf").EndEntity().KeyUsage(X509KeyUsageFlags.DigitalSignature)
///     .SanUri("urn:crossborder:participant:IT/NCP").SubjectKeyIdentifier().AuthorityKeyIdentifier()
///     .Valid(from, to).IssuedBy(root).Build();
/// </code>
/// </example>
internal sealed class TestCertificateBuilder
{
    private readonly X500DistinguishedName _subject;
    private readonly List<Func<CertificateRequest, X509Extension>> _extensions = [];
    private readonly SubjectAlternativeNameBuilder _san = new();
    private bool _sanAdded;
    private AsymmetricAlgorithm? _key;
    private bool _ownsKey;
    private HashAlgorithmName _hash = HashAlgorithmName.SHA256;
    private DateTimeOffset _notBefore;
    private DateTimeOffset _notAfter;
    private bool _validitySet;
    private X509Certificate2? _issuer;
    private X509SignatureGenerator? _issuerSigner;
    private byte[]? _serial;
    private bool _attachPrivateKey = true;

    private TestCertificateBuilder(X500DistinguishedName subject)
    {
        _subject = subject;
    }

    /// <summary>A certificate for <paramref name="subject"/> (an X.500 name such as <c>CN=Test Root, O=CrossBorder Tests</c>).</summary>
    public static TestCertificateBuilder For(string subject) => new(new X500DistinguishedName(subject));

    /// <summary>A fresh ECDSA key on <paramref name="curve"/> (P-256 when not given).</summary>
    public TestCertificateBuilder EcKey(ECCurve? curve = null) => OwnKey(ECDsa.Create(curve ?? ECCurve.NamedCurves.nistP256));

    /// <summary>A fresh ECDSA key on P-384.</summary>
    public TestCertificateBuilder EcP384Key() => EcKey(ECCurve.NamedCurves.nistP384);

    /// <summary>A fresh RSA key of <paramref name="bits"/> bits; the certificate is signed with PKCS#1 v1.5 when self-signed.</summary>
    public TestCertificateBuilder RsaKey(int bits) => OwnKey(RSA.Create(bits));

    /// <summary>A fresh ECDH key on P-256: an encryption certificate, which cannot sign (so it is never self-signed).</summary>
    public TestCertificateBuilder EcdhKey() => OwnKey(ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256));

    /// <summary>The subject's key (ECDSA, RSA or ECDH), which stays the caller's to dispose.</summary>
    public TestCertificateBuilder WithKey(AsymmetricAlgorithm key)
    {
        _key = key;
        _ownsKey = false;
        return this;
    }

    /// <summary>The hash the certificate is signed with (SHA-256 when not given).</summary>
    public TestCertificateBuilder Hash(HashAlgorithmName hash)
    {
        _hash = hash;
        return this;
    }

    /// <summary>Basic constraints of a CA, with an optional path length.</summary>
    public TestCertificateBuilder Ca(int? pathLength = null, bool critical = true) => Ca(true, pathLength, critical);

    /// <summary>Basic constraints of an end entity (cA false).</summary>
    public TestCertificateBuilder EndEntity(bool critical = true) => Ca(false, null, critical);

    /// <summary>Basic constraints as given, including the odd ones (an end entity with a path length, a non-critical CA).</summary>
    public TestCertificateBuilder Ca(bool isCa, int? pathLength, bool critical) =>
        Extension(new X509BasicConstraintsExtension(isCa, pathLength.HasValue, pathLength ?? 0, critical));

    /// <summary>Key usage; critical unless told.</summary>
    public TestCertificateBuilder KeyUsage(X509KeyUsageFlags usage, bool critical = true) => Extension(new X509KeyUsageExtension(usage, critical));

    /// <summary>The key usage of a CA: certificate and CRL signing, critical.</summary>
    public TestCertificateBuilder CaKeyUsage() => KeyUsage(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign);

    /// <summary>Extended key usage with the given purpose OIDs.</summary>
    public TestCertificateBuilder ExtendedKeyUsage(IEnumerable<string> purposes, bool critical = false)
    {
        ArgumentNullException.ThrowIfNull(purposes);
        var oids = new OidCollection();
        foreach (var purpose in purposes)
        {
            oids.Add(new Oid(purpose));
        }

        return Extension(new X509EnhancedKeyUsageExtension(oids, critical));
    }

    /// <summary>A URI in the subject alternative name (one extension for all the names asked for, at the place of the first).</summary>
    public TestCertificateBuilder SanUri(string uri)
    {
        _san.AddUri(new Uri(uri));
        return AddSan();
    }

    /// <summary>A DNS name in the subject alternative name.</summary>
    public TestCertificateBuilder SanDns(string name)
    {
        _san.AddDnsName(name);
        return AddSan();
    }

    /// <summary>The subject key identifier, from the subject's public key.</summary>
    public TestCertificateBuilder SubjectKeyIdentifier(bool critical = false)
    {
        _extensions.Add(request => new X509SubjectKeyIdentifierExtension(request.PublicKey, critical));
        return this;
    }

    /// <summary>
    /// The authority key identifier (key identifier only): the issuer's subject key identifier, or
    /// made from the issuer's public key as one is made when the issuer has none (from the subject's
    /// own key when self-signed).
    /// </summary>
    public TestCertificateBuilder AuthorityKeyIdentifier(bool critical = false)
    {
        _extensions.Add(request =>
        {
            var issuerKey = _issuer is null
                ? new X509SubjectKeyIdentifierExtension(request.PublicKey, false)
                : IssuerKeyIdentifier(_issuer);
            var aki = X509AuthorityKeyIdentifierExtension.CreateFromSubjectKeyIdentifier(issuerKey);
            return new X509Extension(aki.Oid!, aki.RawData, critical);
        });
        return this;
    }

    /// <summary>CRL distribution points at <paramref name="uris"/>.</summary>
    public TestCertificateBuilder CrlDistributionPoint(params string[] uris) =>
        Extension(CertificateRevocationListBuilder.BuildCrlDistributionPointExtension(uris));

    /// <summary>Authority information access naming where the issuer's certificate is (caIssuers).</summary>
    public TestCertificateBuilder CaIssuers(string uri) => Extension(new X509AuthorityInformationAccessExtension(null, [uri]));

    /// <summary>An extension the test makes itself: name constraints, policies, or a deliberately malformed one.</summary>
    public TestCertificateBuilder Extension(X509Extension extension)
    {
        _extensions.Add(_ => extension);
        return this;
    }

    /// <summary>Validity from <paramref name="notBefore"/> to <paramref name="notAfter"/>; every certificate states its own.</summary>
    public TestCertificateBuilder Valid(DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        _notBefore = notBefore;
        _notAfter = notAfter;
        _validitySet = true;
        return this;
    }

    /// <summary>The serial number's octets as written (big-endian); 16 random octets, positive, when not given.</summary>
    public TestCertificateBuilder Serial(byte[] serial)
    {
        _serial = serial;
        return this;
    }

    /// <summary>
    /// Leaves the private key off the certificate (it stays in <see cref="TestCertificate.Key"/>): as
    /// a peer's certificate arrives, and needed where the key usage does not match the key type
    /// (an ECDSA key under a key-agreement-only usage cannot be attached).
    /// </summary>
    public TestCertificateBuilder WithoutPrivateKey()
    {
        _attachPrivateKey = false;
        return this;
    }

    /// <summary>Issued by <paramref name="issuer"/> (a certificate this builder made).</summary>
    public TestCertificateBuilder IssuedBy(TestCertificate issuer)
    {
        ArgumentNullException.ThrowIfNull(issuer);
        return IssuedBy(issuer.Certificate, issuer.IssuerSigner);
    }

    /// <summary>Issued by <paramref name="issuer"/> whose key is <paramref name="issuerKey"/> (ECDSA or RSA, e.g. a CA read from files).</summary>
    public TestCertificateBuilder IssuedBy(X509Certificate2 issuer, AsymmetricAlgorithm issuerKey) => IssuedBy(issuer, SignerFor(issuerKey));

    /// <summary>Issued under <paramref name="issuer"/>'s name, signed by <paramref name="signer"/> (which may be a wrong key on purpose).</summary>
    public TestCertificateBuilder IssuedBy(X509Certificate2 issuer, X509SignatureGenerator signer)
    {
        _issuer = issuer;
        _issuerSigner = signer;
        return this;
    }

    /// <summary>Makes the certificate, with the private key attached unless told otherwise.</summary>
    public TestCertificate Build()
    {
        if (_key is null)
        {
            OwnKey(ECDsa.Create(ECCurve.NamedCurves.nistP256));
        }

        var key = _key!;
        if (!_validitySet)
        {
            throw new InvalidOperationException("a test certificate states its validity: call Valid(notBefore, notAfter)");
        }

        var request = key switch
        {
            ECDsa ec => new CertificateRequest(_subject, ec, _hash),
            RSA rsa => new CertificateRequest(_subject, rsa, _hash, RSASignaturePadding.Pkcs1),
            ECDiffieHellman ecdh => new CertificateRequest(_subject, new PublicKey(ecdh), _hash),
            _ => throw new ArgumentException($"unsupported key {key.GetType().Name}"),
        };
        foreach (var extension in _extensions)
        {
            request.CertificateExtensions.Add(extension(request));
        }

        var ownSigner = key is ECDiffieHellman ? null : SignerFor(key);
        var signer = _issuerSigner ?? ownSigner ?? throw new InvalidOperationException("an ECDH certificate needs an issuer");
        var certificate = request.Create(_issuer?.SubjectName ?? _subject, signer, _notBefore, _notAfter, _serial ?? RandomSerial());
        if (!_attachPrivateKey)
        {
            return new TestCertificate(certificate, key, ownSigner) { OwnsKey = _ownsKey };
        }

        using var withoutKey = certificate;
        var withKey = key switch
        {
            ECDsa ec => withoutKey.CopyWithPrivateKey(ec),
            RSA rsa => withoutKey.CopyWithPrivateKey(rsa),
            _ => withoutKey.CopyWithPrivateKey((ECDiffieHellman)key),
        };
        return new TestCertificate(withKey, key, ownSigner) { OwnsKey = _ownsKey };
    }

    /// <summary>The signature generator of an ECDSA or RSA (PKCS#1 v1.5) key.</summary>
    public static X509SignatureGenerator SignerFor(AsymmetricAlgorithm key) => key switch
    {
        ECDsa ec => X509SignatureGenerator.CreateForECDsa(ec),
        RSA rsa => X509SignatureGenerator.CreateForRSA(rsa, RSASignaturePadding.Pkcs1),
        _ => throw new ArgumentException($"a {key.GetType().Name} key does not sign"),
    };

    /// <summary>The issuer's subject key identifier, or the one its public key gives when it carries none.</summary>
    public static X509SubjectKeyIdentifierExtension IssuerKeyIdentifier(X509Certificate2 issuer)
    {
        ArgumentNullException.ThrowIfNull(issuer);
        return issuer.Extensions.OfType<X509SubjectKeyIdentifierExtension>().FirstOrDefault()
            ?? new X509SubjectKeyIdentifierExtension(issuer.PublicKey, false);
    }

    private static byte[] RandomSerial()
    {
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] = (byte)((serial[0] & 0x7F) | 0x01);
        return serial;
    }

    private TestCertificateBuilder OwnKey(AsymmetricAlgorithm key)
    {
        _key = key;
        _ownsKey = true;
        return this;
    }

    private TestCertificateBuilder AddSan()
    {
        if (!_sanAdded)
        {
            _sanAdded = true;
            _extensions.Add(_ => _san.Build());
        }

        return this;
    }
}
