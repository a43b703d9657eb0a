using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CrossBorder.Conformance.Pki;
using CrossBorder.Core.Certificates;
using CrossBorder.Core.Trust;
using CertificateFiles = CrossBorder.Core.Certificates.CertificateFiles;

namespace CrossBorder.Gateway.Tests.Infrastructure;

/// <summary>
/// TLS client certificates for the refusal tests: each differs from a good participant
/// certificate in one respect only (issuer, validity, key usage or the name it claims).
/// </summary>
internal static class TestCertificates
{
    public static readonly string[] ClientAuthOnly = [CertificateFactory.ClientAuth];
    public static readonly string[] ServerAuthOnly = [CertificateFactory.ServerAuth];

    /// <summary>A certificate and key the federation wrote, presented with an optional chain file.</summary>
    public static ClientIdentity FromFiles(string certificatePath, string keyPath, string? chainPath = null) =>
        new(CertificateFiles.LoadCertificateWithKey(certificatePath, keyPath),
            chainPath is null ? [] : CertificateFiles.LoadCertificates(chainPath));

    /// <summary>
    /// A TLS client certificate issued by <paramref name="country"/>'s real participant CA of the
    /// federation, naming <paramref name="participant"/>; presented with that intermediate.
    /// </summary>
    public static ClientIdentity IssuedByCountry(
        FederationFixture federation,
        string country,
        string participant,
        IReadOnlyList<string>? extendedKeyUsages = null,
        DateTimeOffset? notBefore = null,
        DateTimeOffset? notAfter = null)
    {
        ArgumentNullException.ThrowIfNull(federation);
        using var intermediate = CertificateFiles.LoadCertificate(federation.CountryFile(country, "intermediate-ca.crt"));
        using var intermediateKey = (ECDsa)KeyFiles.LoadPrivateKey(federation.CountryFile(country, "intermediate-ca.key"));
        var certificate = Issue(participant, intermediate, intermediateKey, extendedKeyUsages, notBefore, notAfter);
        return new ClientIdentity(certificate, [CertificateFiles.LoadCertificate(federation.CountryFile(country, "intermediate-ca.crt"))]);
    }

    /// <summary>
    /// A certificate naming <paramref name="participant"/> from a CA made on the spot: well
    /// formed in every respect, but the trust list has never heard of its CA.
    /// </summary>
    public static ClientIdentity IssuedByUnknownCa(string participant)
    {
        var now = TimeProvider.System.GetUtcNow();
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var ca = CertificateFactory.SelfSignedCa("CN=Unlisted Participant CA, O=Nobody, C=IT", caKey, 0, now.AddHours(-1), now.AddYears(1));
        var certificate = Issue(participant, ca, caKey, null, null, null);
        return new ClientIdentity(certificate, [X509CertificateLoader.LoadCertificate(ca.RawData)]);
    }

    /// <summary>A TLS server certificate for a local face, issued by a local CA whose files are given.</summary>
    public static X509Certificate2 LocalServer(string caCertificatePath, string caKeyPath, DateTimeOffset notBefore, DateTimeOffset notAfter, out ECDsa key)
    {
        using var ca = CertificateFiles.LoadCertificate(caCertificatePath);
        using var caKey = (ECDsa)KeyFiles.LoadPrivateKey(caKeyPath);
        key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        return CertificateFactory.Leaf("CN=AL/NCP local face, O=CrossBorder Dev, C=AL", new PublicKey(key), ca, caKey,
            X509KeyUsageFlags.DigitalSignature, ServerAuthOnly, [], true, notBefore, notAfter);
    }

    /// <summary>A TLS client certificate from a gateway's local CA (files given) naming the SAN URI <paramref name="localClientUri"/>.</summary>
    public static ClientIdentity LocalClient(string caCertificatePath, string caKeyPath, string localClientUri)
    {
        var now = TimeProvider.System.GetUtcNow();
        using var ca = CertificateFiles.LoadCertificate(caCertificatePath);
        using var caKey = (ECDsa)KeyFiles.LoadPrivateKey(caKeyPath);
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var certificate = CertificateFactory.Leaf("CN=Local Test Client, O=CrossBorder Test", new PublicKey(key), ca, caKey,
            X509KeyUsageFlags.DigitalSignature, ClientAuthOnly, [localClientUri], false, now.AddMinutes(-5), now.AddDays(30));
        return new ClientIdentity(certificate.CopyWithPrivateKey(key), []);
    }

    private static X509Certificate2 Issue(
        string participant,
        X509Certificate2 issuer,
        ECDsa issuerKey,
        IReadOnlyList<string>? extendedKeyUsages,
        DateTimeOffset? notBefore,
        DateTimeOffset? notAfter)
    {
        var id = ParticipantId.Parse(participant);
        var now = TimeProvider.System.GetUtcNow();
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var certificate = CertificateFactory.Leaf(
            $"CN={id}, O=CrossBorder Test, C={id.Country}",
            new PublicKey(key),
            issuer,
            issuerKey,
            X509KeyUsageFlags.DigitalSignature,
            extendedKeyUsages ?? [CertificateFactory.ServerAuth, CertificateFactory.ClientAuth],
            [id.Uri],
            localhostNames: false,
            notBefore ?? now.AddMinutes(-5),
            notAfter ?? now.AddDays(30));
        return certificate.CopyWithPrivateKey(key);
    }
}
