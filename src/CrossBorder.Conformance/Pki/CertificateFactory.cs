using System.Net;
using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CrossBorder.Conformance.Pki;

/// <summary>
/// Issues federation certificates with .NET's <see cref="CertificateRequest"/>: CAs with critical
/// basic constraints and keyCertSign/cRLSign, leaves with the key usages of CRYPTO.md, SKI/AKI
/// everywhere, random 128-bit serial numbers. One factory for the dev federation, the harness's
/// foreign CA and the test vectors' federation.
/// </summary>
internal static class CertificateFactory
{
    public const string ClientAuth = "1.3.6.1.5.5.7.3.2";
    public const string ServerAuth = "1.3.6.1.5.5.7.3.1";

    public static X509Certificate2 SelfSignedCa(string subject, ECDsa key, int? pathLength, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        AddCaExtensions(request, pathLength);
        return SelfSigned(request, key, notBefore, notAfter);
    }

    /// <summary>A federation operator's self-signed certificate: not a CA, digitalSignature only (it signs trust lists).</summary>
    public static X509Certificate2 Operator(string subject, ECDsa key, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        return SelfSigned(request, key, notBefore, notAfter);
    }

    public static X509Certificate2 SubordinateCa(
        string subject, ECDsa key, X509Certificate2 issuer, ECDsa issuerKey, int? pathLength, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        var request = new CertificateRequest(subject, key, HashAlgorithmName.SHA256);
        AddCaExtensions(request, pathLength);
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, true, false));
        using var issued = request.Create(issuer.SubjectName, X509SignatureGenerator.CreateForECDsa(issuerKey), notBefore, notAfter, NewSerial());
        return issued.CopyWithPrivateKey(key);
    }

    /// <summary>An end-entity certificate for any public key (ECDSA, ECDH or RSA), signed by an EC issuer.</summary>
    public static X509Certificate2 Leaf(
        string subject,
        PublicKey publicKey,
        X509Certificate2 issuer,
        ECDsa issuerKey,
        X509KeyUsageFlags keyUsage,
        IReadOnlyList<string> extendedKeyUsages,
        IReadOnlyList<string> uris,
        bool localhostNames,
        DateTimeOffset notBefore,
        DateTimeOffset notAfter)
    {
        ArgumentNullException.ThrowIfNull(issuer);
        var request = new CertificateRequest(new X500DistinguishedName(subject), publicKey, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(keyUsage, true));
        if (extendedKeyUsages.Count > 0)
        {
            var oids = new OidCollection();
            foreach (var oid in extendedKeyUsages)
            {
                oids.Add(new Oid(oid));
            }

            request.CertificateExtensions.Add(new X509EnhancedKeyUsageExtension(oids, false));
        }

        if (uris.Count > 0 || localhostNames)
        {
            var san = new SubjectAlternativeNameBuilder();
            foreach (var uri in uris)
            {
                san.AddUri(new Uri(uri));
            }

            if (localhostNames)
            {
                san.AddDnsName("localhost");
                san.AddIpAddress(IPAddress.Loopback);
            }

            request.CertificateExtensions.Add(san.Build(critical: false));
        }

        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, true, false));
        return request.Create(issuer.SubjectName, X509SignatureGenerator.CreateForECDsa(issuerKey), notBefore, notAfter, NewSerial());
    }

    /// <summary>An empty CRL of <paramref name="issuer"/> (which must carry its private key).</summary>
    public static byte[] EmptyCrl(X509Certificate2 issuer, DateTimeOffset thisUpdate, DateTimeOffset nextUpdate) =>
        Crl(issuer, BigInteger.One, thisUpdate, nextUpdate, []);

    /// <summary>A numbered CRL of <paramref name="issuer"/> (which must carry its private key) revoking <paramref name="revoked"/> at thisUpdate.</summary>
    public static byte[] Crl(X509Certificate2 issuer, BigInteger number, DateTimeOffset thisUpdate, DateTimeOffset nextUpdate, IReadOnlyList<X509Certificate2> revoked)
    {
        ArgumentNullException.ThrowIfNull(issuer);
        using var key = issuer.GetECDsaPrivateKey() ?? throw new ArgumentException("the issuer carries no EC private key", nameof(issuer));
        return Crl(issuer, key, number, thisUpdate, nextUpdate, revoked);
    }

    /// <summary>
    /// A numbered CRL in <paramref name="issuer"/>'s name signed with <paramref name="key"/>, which
    /// need not be the issuer's (a forger's CRL).
    /// </summary>
    public static byte[] Crl(X509Certificate2 issuer, ECDsa key, BigInteger number, DateTimeOffset thisUpdate, DateTimeOffset nextUpdate, IReadOnlyList<X509Certificate2> revoked)
    {
        ArgumentNullException.ThrowIfNull(issuer);
        ArgumentNullException.ThrowIfNull(revoked);
        var builder = new CertificateRevocationListBuilder();
        foreach (var certificate in revoked)
        {
            builder.AddEntry(certificate, thisUpdate);
        }

        var authorityKey = X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer, true, false);
        return builder.Build(issuer.SubjectName, X509SignatureGenerator.CreateForECDsa(key), number, nextUpdate, HashAlgorithmName.SHA256, authorityKey, thisUpdate);
    }

    /// <summary>Self-signed like <see cref="CertificateRequest.CreateSelfSigned"/>, with a serial number like every other certificate here.</summary>
    private static X509Certificate2 SelfSigned(CertificateRequest request, ECDsa key, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        using var issued = request.Create(request.SubjectName, X509SignatureGenerator.CreateForECDsa(key), notBefore, notAfter, NewSerial());
        return issued.CopyWithPrivateKey(key);
    }

    private static void AddCaExtensions(CertificateRequest request, int? pathLength)
    {
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, pathLength.HasValue, pathLength ?? 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
    }

    private static byte[] NewSerial()
    {
        var serial = RandomNumberGenerator.GetBytes(16);
        serial[0] &= 0x7F; // positive INTEGER
        serial[0] |= 0x01; // no leading zero octet to strip
        return serial;
    }
}
