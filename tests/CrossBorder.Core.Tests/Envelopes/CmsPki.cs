using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CrossBorder.Core.Envelopes;
using CrossBorder.Core.Envelopes.Cms;

namespace CrossBorder.Core.Tests.Envelopes;

/// <summary>
/// A test PKI built with <see cref="TestCertificateBuilder"/>: an ECDSA P-256 root and intermediate,
/// signers and recipients under the intermediate, a signer under a second (untrusted) root, and
/// PEM files (certificates and PKCS#8 keys) for OpenSSL in a temporary directory.
/// </summary>
public sealed class CmsPki : IDisposable
{
    private readonly List<IDisposable> _owned = [];

    public CmsPki()
    {
        var now = TimeProvider.System.GetUtcNow();
        Now = new DateTimeOffset(now.Year, now.Month, now.Day, now.Hour, now.Minute, now.Second, TimeSpan.Zero);
        Directory = System.IO.Directory.CreateTempSubdirectory("crossborder-cms-tests-").FullName;

        Root = CreateRoot("CN=CrossBorder Test Root CA,O=CrossBorder Tests");
        Intermediate = CreateIntermediate("CN=CrossBorder Test Intermediate CA,O=CrossBorder Tests", Root);
        RootPath = WritePem("root.pem", Root.ExportCertificatePem());
        ChainPath = WritePem("chain.pem", Intermediate.ExportCertificatePem());

        var signing = X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation;
        EcSigner = IssueEcdsa("ec-signer", "CN=EC Signer,O=CrossBorder Tests", Intermediate, signing, Now.AddDays(-1), Now.AddYears(1));
        RsaSigner = IssueRsa("rsa-signer", "CN=RSA Signer,O=CrossBorder Tests", Intermediate, signing, 3072);
        EcRecipient = IssueEcdh("ec-recipient", "CN=EC Recipient,O=CrossBorder Tests", Intermediate);
        RsaRecipient = IssueRsa("rsa-recipient", "CN=RSA Recipient,O=CrossBorder Tests", Intermediate, X509KeyUsageFlags.KeyEncipherment, 3072);
        OtherEcRecipient = IssueEcdh("other-ec-recipient", "CN=Other EC Recipient,O=CrossBorder Tests", Intermediate);

        ForeignRoot = CreateRoot("CN=Foreign Root CA,O=Somebody Else");
        ForeignSigner = IssueEcdsa("foreign-signer", "CN=Foreign Signer,O=Somebody Else", ForeignRoot, signing, Now.AddDays(-1), Now.AddYears(1));
        ExpiredSigner = IssueEcdsa("expired-signer", "CN=Expired Signer,O=CrossBorder Tests", Intermediate, signing, Now.AddDays(-20), Now.AddDays(-10));
        KeyEnciphermentSigner = IssueEcdsa(
            "key-encipherment-signer", "CN=Key Encipherment Only,O=CrossBorder Tests", Intermediate, X509KeyUsageFlags.KeyEncipherment, Now.AddDays(-1), Now.AddYears(1));
        Rsa1024Signer = IssueRsa("rsa1024-signer", "CN=RSA 1024 Signer,O=CrossBorder Tests", Intermediate, signing, 1024);

        EcRecipientKey = Own(RecipientKey.Create(EcRecipient.Certificate, EcRecipient.Key));
        RsaRecipientKey = Own(RecipientKey.Create(RsaRecipient.Certificate, RsaRecipient.Key));
        OtherEcRecipientKey = Own(RecipientKey.Create(OtherEcRecipient.Certificate, OtherEcRecipient.Key));
    }

    /// <summary>The time the PKI was made, to the second; every certificate but the expired one is valid then.</summary>
    public DateTimeOffset Now { get; }

    /// <summary>The temporary directory holding the PEM files.</summary>
    public string Directory { get; }

    public X509Certificate2 Root { get; }

    public X509Certificate2 Intermediate { get; }

    public string RootPath { get; }

    /// <summary>PEM file with the intermediate: the signer chain for <c>-certfile</c>.</summary>
    public string ChainPath { get; }

    public TestIdentity EcSigner { get; }

    public TestIdentity RsaSigner { get; }

    public TestIdentity EcRecipient { get; }

    public TestIdentity RsaRecipient { get; }

    public TestIdentity OtherEcRecipient { get; }

    public X509Certificate2 ForeignRoot { get; }

    public TestIdentity ForeignSigner { get; }

    public TestIdentity ExpiredSigner { get; }

    public TestIdentity KeyEnciphermentSigner { get; }

    public TestIdentity Rsa1024Signer { get; }

    public RecipientKey EcRecipientKey { get; }

    public RecipientKey RsaRecipientKey { get; }

    public RecipientKey OtherEcRecipientKey { get; }

    /// <summary>Validates to the test root, no CRLs (revocation not checked).</summary>
    public ISignerValidator Validator => ValidatorWithCrls();

    public ISignerValidator ValidatorWithCrls(params byte[][] crls) => new AnchoredSignerValidator([Root], [], crls);

    /// <summary>Signs with <paramref name="signer"/> (the intermediate embedded) and encrypts to <paramref name="recipients"/>.</summary>
    public byte[] Seal(ReadOnlySpan<byte> content, TestIdentity signer, params TestIdentity[] recipients) =>
        CmsEnvelope.Seal(content, signer.Certificate, signer.Key, [Intermediate], [.. recipients.Select(r => r.Certificate)], Now);

    /// <summary>Opens at <see cref="Now"/> with the plain validator and a generous size limit.</summary>
    public OpenedCms Open(byte[] envelope, RecipientKey recipient) => CmsEnvelope.Open(envelope, recipient, Validator, Now, 16 << 20);

    /// <summary>A fresh working directory for one test's files.</summary>
    public string NewWorkDirectory() => System.IO.Directory.CreateDirectory(Path.Combine(Directory, Guid.NewGuid().ToString("N"))).FullName;

    /// <summary>A CRL issued by <paramref name="issuer"/>, current at <see cref="Now"/>, revoking <paramref name="revoked"/>.</summary>
    public static byte[] Crl(X509Certificate2 issuer, DateTimeOffset now, params X509Certificate2[] revoked)
    {
        using var key = issuer.GetECDsaPrivateKey() ?? throw new InvalidOperationException("issuer without ECDSA key");
        var crl = TestCrlBuilder.By(issuer, key).Valid(now.AddHours(-2), now.AddDays(7));
        foreach (var certificate in revoked)
        {
            crl.Revoke(certificate, now.AddHours(-1), X509RevocationReason.KeyCompromise);
        }

        return crl.Build();
    }

    public void Dispose()
    {
        foreach (var owned in Enumerable.Reverse(_owned))
        {
            owned.Dispose();
        }

        try
        {
            System.IO.Directory.Delete(Directory, recursive: true);
        }
        catch (IOException)
        {
            // a leftover temporary directory is harmless
        }
    }

    private X509Certificate2 CreateRoot(string subject) =>
        Own(TestCertificateBuilder.For(subject)
            .Ca().CaKeyUsage().SubjectKeyIdentifier()
            .Valid(Now.AddDays(-30), Now.AddYears(10))
            .Build()).Certificate;

    private X509Certificate2 CreateIntermediate(string subject, X509Certificate2 issuer)
    {
        using var issuerKey = issuer.GetECDsaPrivateKey() ?? throw new InvalidOperationException("issuer without ECDSA key");
        return Own(TestCertificateBuilder.For(subject)
            .Ca().CaKeyUsage().SubjectKeyIdentifier().AuthorityKeyIdentifier()
            .Valid(Now.AddDays(-29), Now.AddYears(9)).IssuedBy(issuer, issuerKey)
            .Build()).Certificate;
    }

    private TestIdentity IssueEcdsa(string name, string subject, X509Certificate2 issuer, X509KeyUsageFlags usage, DateTimeOffset notBefore, DateTimeOffset notAfter) =>
        IssueLeaf(name, subject, issuer, Own(ECDsa.Create(ECCurve.NamedCurves.nistP256)), usage, notBefore, notAfter);

    private TestIdentity IssueRsa(string name, string subject, X509Certificate2 issuer, X509KeyUsageFlags usage, int bits) =>
        IssueLeaf(name, subject, issuer, Own(RSA.Create(bits)), usage, Now.AddDays(-1), Now.AddYears(1));

    private TestIdentity IssueEcdh(string name, string subject, X509Certificate2 issuer) =>
        IssueLeaf(name, subject, issuer, Own(ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256)), X509KeyUsageFlags.KeyAgreement, Now.AddDays(-1), Now.AddYears(1));

    /// <summary>A leaf signed with the issuer's ECDSA key (whatever the subject's key type).</summary>
    private TestIdentity IssueLeaf(
        string name, string subject, X509Certificate2 issuer, AsymmetricAlgorithm key, X509KeyUsageFlags usage, DateTimeOffset notBefore, DateTimeOffset notAfter)
    {
        using var issuerKey = issuer.GetECDsaPrivateKey() ?? throw new InvalidOperationException("issuer without ECDSA key");
        var certificate = Own(TestCertificateBuilder.For(subject).WithKey(key)
            .EndEntity().KeyUsage(usage).SubjectKeyIdentifier().AuthorityKeyIdentifier()
            .Valid(notBefore, notAfter).IssuedBy(issuer, issuerKey)
            .Build()).Certificate;
        return Save(name, certificate, key);
    }

    private TestIdentity Save(string name, X509Certificate2 certificate, AsymmetricAlgorithm key) => new(
        certificate,
        key,
        WritePem($"{name}.pem", certificate.ExportCertificatePem()),
        WritePem($"{name}.key", key.ExportPkcs8PrivateKeyPem()));

    private string WritePem(string name, string pem)
    {
        var path = Path.Combine(Directory, name);
        File.WriteAllText(path, pem + "\n");
        return path;
    }

    private T Own<T>(T disposable)
        where T : IDisposable
    {
        _owned.Add(disposable);
        return disposable;
    }
}
