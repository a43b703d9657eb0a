using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CrossBorder.Core.Tests.Pkits;

/// <summary>
/// Builds small PKIs with <see cref="TestCertificateBuilder"/> for the validator's rule tests: ECDSA
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
        var crl = TestCrlBuilder.By(issuer).Valid(thisUpdate, nextUpdate);
        foreach (var certificate in revoked)
        {
            crl.Revoke(certificate, Now.AddDays(-1));
        }

        return crl.Build();
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
        // Without the private key on the certificate: some profiles here (an ECDSA key under a
        // key-agreement usage) cannot carry it, and the validator never needs it.
        var builder = TestCertificateBuilder.For(spec.Subject).WithKey(key).Hash(spec.Hash).WithoutPrivateKey();
        if (!spec.WithoutBasicConstraints)
        {
            builder.Ca(spec.IsCa, spec.PathLength, spec.BasicConstraintsCritical);
        }

        if (spec.KeyUsage is { } keyUsage)
        {
            builder.KeyUsage(keyUsage);
        }

        if (spec.Ekus.Count > 0)
        {
            builder.ExtendedKeyUsage(spec.Ekus, spec.EkuCritical);
        }

        foreach (var dns in spec.DnsNames)
        {
            builder.SanDns(dns);
        }

        foreach (var extension in spec.Extensions)
        {
            builder.Extension(extension);
        }

        if (spec.UnknownCriticalExtension)
        {
            builder.Extension(new X509Extension("1.3.6.1.4.1.55555.1.1", [0x05, 0x00], critical: true));
        }

        if (!spec.WithoutSubjectKeyIdentifier)
        {
            builder.SubjectKeyIdentifier(spec.SubjectKeyIdentifierCritical);
        }

        if (!spec.WithoutAuthorityKeyIdentifier)
        {
            // From the issuer's key, as its SKI is made: also right under an issuer built without one.
            builder.AuthorityKeyIdentifier(spec.AuthorityKeyIdentifierCritical);
        }

        if (issuer is not null)
        {
            builder.IssuedBy(issuer);
        }

        var next = ++_serial;
        var made = builder
            .Serial(spec.Serial ?? [0x01, (byte)(next >> 8), (byte)next]) // positive, minimal DER, unique in this PKI
            .Valid(spec.NotBefore, spec.NotAfter)
            .Build();
        return Own(made);
    }

    private T Own<T>(T disposable)
        where T : IDisposable
    {
        _owned.Add(disposable);
        return disposable;
    }
}
