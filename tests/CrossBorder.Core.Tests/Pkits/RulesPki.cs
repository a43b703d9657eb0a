using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CrossBorder.Core.Tests.Pkits;

/// <summary>How one test certificate differs from a plain, valid one.</summary>
internal sealed record CertificateSpec(string Subject)
{
    public bool IsCa { get; init; }

    public bool BasicConstraintsCritical { get; init; } = true;

    public bool WithoutBasicConstraints { get; init; }

    public int? PathLength { get; init; }

    public X509KeyUsageFlags? KeyUsage { get; init; }

    public IReadOnlyList<string> Ekus { get; init; } = [];

    public bool EkuCritical { get; init; }

    public HashAlgorithmName Hash { get; init; } = HashAlgorithmName.SHA256;

    public DateTimeOffset NotBefore { get; init; } = RulesPki.Now.AddDays(-30);

    public DateTimeOffset NotAfter { get; init; } = RulesPki.Now.AddDays(365);

    public bool UnknownCriticalExtension { get; init; }

    public IReadOnlyList<string> DnsNames { get; init; } = [];

    public IReadOnlyList<X509Extension> Extensions { get; init; } = [];

    /// <summary>The serial number's octets as written (unsigned, big-endian); <c>null</c>: the PKI's next one.</summary>
    public byte[]? Serial { get; init; }

    public bool WithoutSubjectKeyIdentifier { get; init; }

    public bool WithoutAuthorityKeyIdentifier { get; init; }

    public bool SubjectKeyIdentifierCritical { get; init; }

    public bool AuthorityKeyIdentifierCritical { get; init; }
}

/// <summary>A test certificate with the key it signs with (when it is a CA).</summary>
internal sealed record TestCertificate(X509Certificate2 Certificate, X509SignatureGenerator Signer, AsymmetricAlgorithm Key);

/// <summary>
/// Builds small PKIs with <see cref="CertificateRequest"/> for the validator's rule tests: ECDSA
/// P-256 unless a test asks for RSA, SKI and AKI everywhere, a fixed validation time.
/// </summary>
internal sealed class RulesPki : IDisposable
{
    public static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);

    private readonly List<IDisposable> _owned = [];
    private int _serial;

    public static CertificateSpec CaSpec(string name) => new($"CN={name}, O=CrossBorder Rules Tests")
    {
        IsCa = true,
        KeyUsage = X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign,
    };

    public static CertificateSpec LeafSpec(string name) => new($"CN={name}, O=CrossBorder Rules Tests")
    {
        KeyUsage = X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation,
    };

    /// <summary>Issues <paramref name="spec"/> with a fresh P-256 key; self-signed when <paramref name="issuer"/> is null.</summary>
    public TestCertificate Issue(CertificateSpec spec, TestCertificate? issuer = null) =>
        Issue(spec, Own(ECDsa.Create(ECCurve.NamedCurves.nistP256)), issuer);

    /// <summary>Issues <paramref name="spec"/> with a fresh key on <paramref name="curve"/>.</summary>
    public TestCertificate IssueEc(CertificateSpec spec, ECCurve curve, TestCertificate? issuer) =>
        Issue(spec, Own(ECDsa.Create(curve)), issuer);

    /// <summary>Issues <paramref name="spec"/> for an RSA key of <paramref name="bits"/> bits.</summary>
    public TestCertificate IssueRsa(CertificateSpec spec, int bits, TestCertificate? issuer) =>
        Issue(spec, Own(RSA.Create(bits)), issuer);

    /// <summary>A CRL of <paramref name="issuer"/> revoking <paramref name="revoked"/> (at a day before <see cref="Now"/>).</summary>
    public static byte[] Crl(TestCertificate issuer, DateTimeOffset thisUpdate, DateTimeOffset nextUpdate, params X509Certificate2[] revoked)
    {
        var builder = new CertificateRevocationListBuilder();
        foreach (var certificate in revoked)
        {
            builder.AddEntry(certificate, Now.AddDays(-1));
        }

        var aki = X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer.Certificate, includeKeyIdentifier: true, includeIssuerAndSerial: false);
        return builder.Build(issuer.Certificate.SubjectName, issuer.Signer, BigInteger.One, nextUpdate, HashAlgorithmName.SHA256, aki, thisUpdate);
    }

    /// <summary>A current CRL (issued a day ago, next update in a week) revoking nothing.</summary>
    public static byte[] CurrentCrl(TestCertificate issuer) => Crl(issuer, Now.AddDays(-1), Now.AddDays(7));

    public void Dispose()
    {
        foreach (var owned in _owned)
        {
            owned.Dispose();
        }
    }

    private TestCertificate Issue(CertificateSpec spec, AsymmetricAlgorithm key, TestCertificate? issuer)
    {
        var request = key switch
        {
            ECDsa ec => new CertificateRequest(spec.Subject, ec, spec.Hash),
            RSA rsa => new CertificateRequest(spec.Subject, rsa, spec.Hash, RSASignaturePadding.Pkcs1),
            _ => throw new ArgumentException("unsupported key", nameof(key)),
        };
        AddExtensions(request, spec);
        var signer = key switch
        {
            ECDsa ec => X509SignatureGenerator.CreateForECDsa(ec),
            _ => X509SignatureGenerator.CreateForRSA((RSA)key, RSASignaturePadding.Pkcs1),
        };
        var ski = new X509SubjectKeyIdentifierExtension(request.PublicKey, spec.SubjectKeyIdentifierCritical);
        if (!spec.WithoutSubjectKeyIdentifier)
        {
            request.CertificateExtensions.Add(ski);
        }

        if (!spec.WithoutAuthorityKeyIdentifier)
        {
            // From the issuer's key, as its SKI is made: also right under an issuer built without one.
            var aki = X509AuthorityKeyIdentifierExtension.CreateFromSubjectKeyIdentifier(
                issuer is null ? ski : new X509SubjectKeyIdentifierExtension(issuer.Certificate.PublicKey, false));
            request.CertificateExtensions.Add(new X509Extension(aki.Oid!, aki.RawData, spec.AuthorityKeyIdentifierCritical));
        }

        var next = ++_serial;
        var serial = spec.Serial ?? [0x01, (byte)(next >> 8), (byte)next]; // positive, minimal DER, unique in this PKI
        var certificate = request.Create(
            issuer?.Certificate.SubjectName ?? new X500DistinguishedName(spec.Subject),
            issuer?.Signer ?? signer,
            spec.NotBefore,
            spec.NotAfter,
            serial);
        return new TestCertificate(Own(certificate), signer, key);
    }

    private static void AddExtensions(CertificateRequest request, CertificateSpec spec)
    {
        if (!spec.WithoutBasicConstraints)
        {
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(
                spec.IsCa, spec.PathLength.HasValue, spec.PathLength ?? 0, spec.BasicConstraintsCritical));
        }

        if (spec.KeyUsage is { } keyUsage)
        {
            request.CertificateExtensions.Add(new X509KeyUsageExtension(keyUsage, true));
        }

        if (spec.Ekus.Count > 0)
        {
            var oids = new OidCollection();
            foreach (var eku in spec.Ekus)
            {
                oids.Add(new Oid(eku));
            }

            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(oids, spec.EkuCritical));
        }

        if (spec.DnsNames.Count > 0)
        {
            var san = new SubjectAlternativeNameBuilder();
            foreach (var dns in spec.DnsNames)
            {
                san.AddDnsName(dns);
            }

            request.CertificateExtensions.Add(san.Build());
        }

        foreach (var extension in spec.Extensions)
        {
            request.CertificateExtensions.Add(extension);
        }

        if (spec.UnknownCriticalExtension)
        {
            request.CertificateExtensions.Add(new X509Extension("1.3.6.1.4.1.55555.1.1", [0x05, 0x00], critical: true));
        }
    }

    private T Own<T>(T disposable)
        where T : IDisposable
    {
        _owned.Add(disposable);
        return disposable;
    }
}
