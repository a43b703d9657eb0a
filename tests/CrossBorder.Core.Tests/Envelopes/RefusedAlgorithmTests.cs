using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Envelopes;
using CrossBorder.Core.Envelopes.Cms;

namespace CrossBorder.Core.Tests.Envelopes;

/// <summary>
/// The refusals of CRYPTO.md not covered by <see cref="OpensslDefaultsRefusedTests"/>: MD5, DSA,
/// 3DES, RC2, AES-128-GCM, AES-CBC, RSA-1024 recipients, ECDSA with SHA-1 and unknown critical
/// extensions. Each test first checks, by parsing the DER, that the input really uses what it is
/// about; crafted inputs are otherwise valid (their control, made the same way with the profile's
/// algorithm, opens), so that nothing but the algorithm in question can be the cause.
/// </summary>
[Collection(CmsPkiDefinition.Name)]
public sealed class RefusedAlgorithmTests(CmsPki pki)
{
    private const string Md5 = "1.2.840.113549.2.5";
    private const string Sha256 = "2.16.840.1.101.3.4.2.1";
    private const string EcdsaWithSha256 = "1.2.840.10045.4.3.2";
    private const string EcdsaWithSha1 = "1.2.840.10045.4.1";
    private const string RsaEncryption = "1.2.840.113549.1.1.1";
    private const string RsaOaep = "1.2.840.113549.1.1.7";
    private const string IdDsa = "1.2.840.10040.4.1";
    private const string DsaWithSha256 = "2.16.840.1.101.3.4.3.2";
    private const string MessageDigestAttribute = "1.2.840.113549.1.9.4";
    private const string EnvelopedData = "1.2.840.113549.1.7.3";
    private const string AuthEnvelopedData = "1.2.840.113549.1.9.16.1.23";
    private const string Aes256Gcm = "2.16.840.1.101.3.4.1.46";
    private const string Aes128Gcm = "2.16.840.1.101.3.4.1.6";
    private const string Aes256Cbc = "2.16.840.1.101.3.4.1.42";
    private const string DesEde3Cbc = "1.2.840.113549.3.7";
    private const string Rc2Cbc = "1.2.840.113549.3.2";
    private const string UnknownCriticalExtension = "1.3.6.1.4.1.99999.1";

    private static readonly byte[] Content = OpensslToCrossBorderTests.SampleContent(1200, 11);

    /// <summary>What OpenSSL 3 (default provider only) does with a <c>cms -encrypt</c> cipher option.</summary>
    public enum OpensslCipher
    {
        /// <summary>OpenSSL writes the envelope; CrossBorder must refuse it.</summary>
        Writes,

        /// <summary>
        /// OpenSSL 3 refuses to write it: the cipher lives in the legacy provider only. The variant
        /// is skipped explicitly by asserting that refusal; <see cref="Content_encryption_relabelled_outside_the_profile_is_refused_with_alg_refused"/>
        /// puts the same algorithm in front of the reader instead.
        /// </summary>
        RefusesWithoutLegacyProvider,
    }

    [Fact]
    public async Task Openssl_signature_with_md5_digest_is_refused_with_alg_refused()
    {
        // OpenSSL 3 signs with -md md5 only with an RSA PKCS#1 v1.5 signature (ECDSA with MD5 is
        // "unsupported signature algorithm"), itself refused: the crafted test below pins MD5 alone.
        var directory = pki.NewWorkDirectory();
        var signed = await SignAsync(directory, pki.RsaSigner, "md5");
        var tree = DerNode.Parse(await File.ReadAllBytesAsync(signed));
        Assert.Equal(Md5, CmsLayout.Oid(CmsLayout.DigestAlgorithm(tree)));
        Assert.Equal(Md5, CmsLayout.Oid(CmsLayout.Inner(tree).Children[1].Children.Single()));

        var envelope = await OpensslToCrossBorderTests.OpensslEncryptAsync(pki, directory, signed);
        Assert.Equal(ReasonCode.AlgRefused, Rejections.ReasonOf(() => pki.Open(envelope, pki.EcRecipientKey)));
        Assert.Equal(ReasonCode.AlgRefused, Rejections.ReasonOf(() => pki.Open(envelope, pki.RsaRecipientKey)));
    }

    [Fact]
    public void Md5_digest_with_a_valid_ecdsa_sha256_signature_is_refused_with_alg_refused()
    {
        Assert.Equal(Content, pki.Open(Envelope(Resigned(Sha256, SHA256.HashData, EcdsaWithSha256, HashAlgorithmName.SHA256)), pki.EcRecipientKey).Content.ToArray());

        // digestAlgorithm MD5, message-digest = MD5(content), ECDSA-SHA256 signature over those attributes.
#pragma warning disable CA5351 // MD5 is what this test is about
        var signed = Resigned(Md5, MD5.HashData, EcdsaWithSha256, HashAlgorithmName.SHA256);
        var tree = DerNode.Parse(signed);
        Assert.Equal(Md5, CmsLayout.Oid(CmsLayout.DigestAlgorithm(tree)));
        Assert.Equal(MD5.HashData(Content), MessageDigest(tree).Content);
#pragma warning restore CA5351
        Assert.Equal(EcdsaWithSha256, CmsLayout.Oid(CmsLayout.SignatureAlgorithm(tree)));
        Assert.True(SignatureVerifies(tree, HashAlgorithmName.SHA256));

        Assert.Equal(ReasonCode.AlgRefused, Rejections.ReasonOf(() => pki.Open(Envelope(signed), pki.EcRecipientKey)));
    }

    [Fact]
    public void Ecdsa_with_sha1_signature_algorithm_over_a_sha256_digest_is_refused_with_alg_refused()
    {
        Assert.Equal(Content, pki.Open(Envelope(Resigned(Sha256, SHA256.HashData, EcdsaWithSha256, HashAlgorithmName.SHA256)), pki.EcRecipientKey).Content.ToArray());

        // A genuine ECDSA-SHA1 signature over the signed attributes; the digest is the profile's SHA-256.
#pragma warning disable CA5350 // SHA-1 is what this test is about
        var signed = Resigned(Sha256, SHA256.HashData, EcdsaWithSha1, HashAlgorithmName.SHA1);
        var tree = DerNode.Parse(signed);
        Assert.Equal(Sha256, CmsLayout.Oid(CmsLayout.DigestAlgorithm(tree)));
        Assert.Equal(SHA256.HashData(Content), MessageDigest(tree).Content);
        Assert.Equal(EcdsaWithSha1, CmsLayout.Oid(CmsLayout.SignatureAlgorithm(tree)));
        Assert.True(SignatureVerifies(tree, HashAlgorithmName.SHA1));
#pragma warning restore CA5350

        Assert.Equal(ReasonCode.AlgRefused, Rejections.ReasonOf(() => pki.Open(Envelope(signed), pki.EcRecipientKey)));
    }

    [Fact]
    public async Task Openssl_dsa_signer_is_refused_with_alg_refused_even_when_its_certificate_is_the_anchor()
    {
        var directory = pki.NewWorkDirectory();
        var parameters = Path.Combine(directory, "dsa.params");
        var key = Path.Combine(directory, "dsa.key");
        var certificate = Path.Combine(directory, "dsa.pem");
        await OpenSsl.SucceedsAsync("genpkey", "-genparam", "-algorithm", "DSA", "-pkeyopt", "dsa_paramgen_bits:2048", "-out", parameters);
        await OpenSsl.SucceedsAsync("genpkey", "-paramfile", parameters, "-out", key);
        await OpenSsl.SucceedsAsync(
            "req", "-x509", "-new", "-key", key, "-sha256", "-days", "30", "-subj", "/CN=DSA Signer/O=CrossBorder Tests", "-out", certificate);
        var message = Path.Combine(directory, "msg");
        var signed = Path.Combine(directory, "signed.der");
        await File.WriteAllBytesAsync(message, Content);
        await OpenSsl.SucceedsAsync(
            "cms", "-sign", "-binary", "-nodetach", "-md", "sha256", "-in", message,
            "-signer", certificate, "-inkey", key, "-outform", "DER", "-out", signed);

        var tree = DerNode.Parse(await File.ReadAllBytesAsync(signed));
        Assert.Equal(Sha256, CmsLayout.Oid(CmsLayout.DigestAlgorithm(tree)));
        Assert.Equal(DsaWithSha256, CmsLayout.Oid(CmsLayout.SignatureAlgorithm(tree)));
        Assert.Equal(IdDsa, CmsLayout.Oid(SubjectPublicKeyInfo(EmbeddedCertificates(tree).Single()).Children[0]));

        var envelope = await EncryptAsync(directory, signed, "-aes-256-gcm", "-recip", pki.EcRecipient.CertificatePath, "-keyopt", "ecdh_kdf_md:sha256");
        using var dsaCertificate = X509CertificateLoader.LoadCertificateFromFile(certificate);
        var validator = new AnchoredSignerValidator([dsaCertificate], [], []);
        Assert.Equal(
            ReasonCode.AlgRefused,
            Rejections.ReasonOf(() => CmsEnvelope.Open(envelope, pki.EcRecipientKey, validator, TimeProvider.System.GetUtcNow(), int.MaxValue)));
    }

    [Theory]
    [InlineData("des3", OpensslCipher.Writes, EnvelopedData, DesEde3Cbc)]
    [InlineData("aes-128-gcm", OpensslCipher.Writes, AuthEnvelopedData, Aes128Gcm)]
    [InlineData("aes-256-cbc", OpensslCipher.Writes, EnvelopedData, Aes256Cbc)]
    [InlineData("rc2", OpensslCipher.RefusesWithoutLegacyProvider, EnvelopedData, Rc2Cbc)]
    public async Task Openssl_content_encryption_outside_the_profile_is_refused_with_alg_refused(
        string cipher, OpensslCipher openssl, string contentType, string algorithm)
    {
        var directory = pki.NewWorkDirectory();
        var signed = await OpensslToCrossBorderTests.OpensslSignAsync(pki, directory, Content, pki.EcSigner);
        string[] arguments =
        [
            "cms", "-encrypt", "-binary", $"-{cipher}", "-in", signed, "-outform", "DER", "-out", Path.Combine(directory, "env.der"),
            "-recip", pki.RsaRecipient.CertificatePath, "-keyopt", "rsa_padding_mode:oaep", "-keyopt", "rsa_oaep_md:sha256", "-keyopt", "rsa_mgf1_md:sha256",
        ];

        if (openssl == OpensslCipher.RefusesWithoutLegacyProvider)
        {
            var refused = await OpenSsl.RunAsync(arguments);
            Assert.True(
                refused.ExitCode != 0 && refused.StandardError.Contains("RC2", StringComparison.OrdinalIgnoreCase),
                $"OpenSSL now writes -{cipher} without the legacy provider: turn this row into {nameof(OpensslCipher.Writes)}. "
                + $"exit {refused.ExitCode}: {refused.StandardError}");
            return;
        }

        await OpenSsl.SucceedsAsync(arguments);
        var envelope = await File.ReadAllBytesAsync(Path.Combine(directory, "env.der"));
        var tree = DerNode.Parse(envelope);
        Assert.Equal(contentType, CmsLayout.Oid(tree));
        Assert.Equal(algorithm, CmsLayout.Oid(EncryptedContentInfo(tree).Children[1]));
        Assert.Equal(RsaOaep, CmsLayout.Oid(CmsLayout.KeyTransRecipientInfo(tree).Children[2]));

        Assert.Equal(ReasonCode.AlgRefused, Rejections.ReasonOf(() => pki.Open(envelope, pki.RsaRecipientKey)));
    }

    /// <summary>
    /// The content-encryption algorithm of a valid AuthEnvelopedData relabelled (RC2, which OpenSSL 3
    /// no longer writes, 3DES and AES-CBC): a reader that trusted the GCM parameters would go on.
    /// </summary>
    [Theory]
    [InlineData(Rc2Cbc)]
    [InlineData(DesEde3Cbc)]
    [InlineData(Aes256Cbc)]
    [InlineData(Aes128Gcm)]
    public void Content_encryption_relabelled_outside_the_profile_is_refused_with_alg_refused(string algorithm)
    {
        var envelope = pki.Seal(Content, pki.EcSigner, pki.RsaRecipient);
        Assert.Equal(Content, pki.Open(envelope, pki.RsaRecipientKey).Content.ToArray());

        var tree = DerNode.Parse(envelope);
        var identifier = EncryptedContentInfo(tree).Children[1];
        Assert.Equal(Aes256Gcm, CmsLayout.Oid(identifier));
        identifier.Children[0] = ObjectIdentifier(algorithm);
        var relabelled = tree.Encode();
        Assert.Equal(algorithm, CmsLayout.Oid(EncryptedContentInfo(DerNode.Parse(relabelled)).Children[1]));

        Assert.Equal(ReasonCode.AlgRefused, Rejections.ReasonOf(() => pki.Open(relabelled, pki.RsaRecipientKey)));
    }

    [Fact]
    public void Signer_certificate_with_an_unknown_critical_extension_is_critical_extension()
    {
        using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var plain = IssueUnderIntermediate("CN=Plain Signer,O=CrossBorder Tests", key, X509KeyUsageFlags.DigitalSignature, criticalExtension: false);
        using var marked = IssueUnderIntermediate("CN=Critical Extension Signer,O=CrossBorder Tests", key, X509KeyUsageFlags.DigitalSignature, criticalExtension: true);
        Assert.Equal(Content, pki.Open(Envelope(SignedDataWriter.Write(Content, plain, key, [pki.Intermediate], pki.Now)), pki.EcRecipientKey).Content.ToArray());

        var signed = SignedDataWriter.Write(Content, marked, key, [pki.Intermediate], pki.Now);
        var embedded = EmbeddedCertificates(DerNode.Parse(signed)).Single(c => c.Encode().AsSpan().SequenceEqual(marked.RawData));
        var extension = Extensions(embedded).Single(e => CmsLayout.Oid(e.Children[0]) == UnknownCriticalExtension);
        Assert.True(extension.Children[1].Tag.HasSameClassAndValue(Asn1Tag.Boolean));
        Assert.Equal([0xFF], extension.Children[1].Content);

        Assert.Equal(ReasonCode.CriticalExtension, Rejections.ReasonOf(() => pki.Open(Envelope(signed), pki.EcRecipientKey)));
    }

    [Fact]
    public void Seal_to_an_rsa_1024_recipient_certificate_is_refused_with_alg_refused_and_produces_nothing()
    {
        using var rsa = RSA.Create(1024);
        using var recipient = IssueUnderIntermediate("CN=RSA 1024 Recipient,O=CrossBorder Tests", rsa, X509KeyUsageFlags.KeyEncipherment, criticalExtension: false);
        Assert.Equal(1024, RsaModulusBits(recipient));

        X509Certificate2[][] recipientLists = [[recipient], [pki.EcRecipient.Certificate, recipient]];
        foreach (var recipients in recipientLists)
        {
            byte[]? produced = null;
            Assert.Equal(
                ReasonCode.AlgRefused,
                Rejections.ReasonOf(() => produced = CmsEnvelope.Seal(Content, pki.EcSigner.Certificate, pki.EcSigner.Key, [pki.Intermediate], recipients, pki.Now)));
            Assert.Null(produced);
        }
    }

    [Fact]
    public async Task Openssl_oaep_envelope_to_an_rsa_1024_recipient_key_is_refused_with_alg_refused()
    {
        using var rsa = RSA.Create(1024);
        using var certificate = IssueUnderIntermediate("CN=RSA 1024 Recipient,O=CrossBorder Tests", rsa, X509KeyUsageFlags.KeyEncipherment, criticalExtension: false);
        using var recipient = RecipientKey.Create(certificate, rsa);
        var directory = pki.NewWorkDirectory();
        var certificatePath = Path.Combine(directory, "rsa1024-recipient.pem");
        await File.WriteAllTextAsync(certificatePath, certificate.ExportCertificatePem() + "\n");

        var signed = await OpensslToCrossBorderTests.OpensslSignAsync(pki, directory, Content, pki.EcSigner);
        var envelope = await EncryptAsync(
            directory, signed, "-aes-256-gcm",
            "-recip", pki.EcRecipient.CertificatePath, "-keyopt", "ecdh_kdf_md:sha256",
            "-recip", certificatePath, "-keyopt", "rsa_padding_mode:oaep", "-keyopt", "rsa_oaep_md:sha256", "-keyopt", "rsa_mgf1_md:sha256");

        var keyTransport = CmsLayout.KeyTransRecipientInfo(DerNode.Parse(envelope));
        Assert.Equal(RsaOaep, CmsLayout.Oid(keyTransport.Children[2]));
        Assert.Equal(128, keyTransport.Children[3].ContentLength);
        Assert.Equal(Content, pki.Open(envelope, pki.EcRecipientKey).Content.ToArray());

        Assert.Equal(ReasonCode.AlgRefused, Rejections.ReasonOf(() => pki.Open(envelope, recipient)));
    }

    private static async Task<string> SignAsync(string directory, TestIdentity signer, string digest)
    {
        var message = Path.Combine(directory, "msg");
        var signed = Path.Combine(directory, "signed.der");
        await File.WriteAllBytesAsync(message, Content);
        await OpenSsl.SucceedsAsync(
            "cms", "-sign", "-binary", "-nodetach", "-md", digest, "-in", message,
            "-signer", signer.CertificatePath, "-inkey", signer.KeyPath, "-outform", "DER", "-out", signed);
        return signed;
    }

    private static async Task<byte[]> EncryptAsync(string directory, string signed, params string[] options)
    {
        var envelope = Path.Combine(directory, "env.der");
        await OpenSsl.SucceedsAsync(["cms", "-encrypt", "-binary", .. options, "-in", signed, "-outform", "DER", "-out", envelope]);
        return await File.ReadAllBytesAsync(envelope);
    }

    private byte[] Envelope(byte[] signed) => AuthEnvelopedDataWriter.Write(signed, [pki.EcRecipient.Certificate]);

    /// <summary>
    /// A SignedData of the EC signer whose digest algorithm (in digestAlgorithms and in the
    /// SignerInfo), message-digest attribute, signature algorithm and signature are re-made with
    /// the given algorithms: a coherent SignedData as a signer using them would write it.
    /// </summary>
    private byte[] Resigned(string digestOid, Func<byte[], byte[]> digest, string signatureOid, HashAlgorithmName signatureHash)
    {
        var tree = DerNode.Parse(SignedDataWriter.Write(Content, pki.EcSigner.Certificate, pki.EcSigner.Key, [pki.Intermediate], pki.Now));
        var signerInfo = CmsLayout.SignerInfo(tree);
        CmsLayout.Inner(tree).Children[1].Children[0] = AlgorithmIdentifier(digestOid);
        signerInfo.Children[2] = AlgorithmIdentifier(digestOid);
        MessageDigest(tree).Content = digest(CmsLayout.SignedContent(tree).Content);

        var attributes = signerInfo.Children[3];
        attributes.Children.Sort((a, b) => CompareDer(a.Encode(), b.Encode())); // DER SET OF order after the length change
        var signature = ((ECDsa)pki.EcSigner.Key).SignData(SignedAttributesAsSet(attributes), signatureHash, DSASignatureFormat.Rfc3279DerSequence);
        signerInfo.Children[^2] = AlgorithmIdentifier(signatureOid);
        signerInfo.Children[^1].Content = signature;
        return tree.Encode();
    }

    private bool SignatureVerifies(DerNode signed, HashAlgorithmName hash) =>
        ((ECDsa)pki.EcSigner.Key).VerifyData(
            SignedAttributesAsSet(CmsLayout.SignerInfo(signed).Children[3]), CmsLayout.Signature(signed).Content, hash, DSASignatureFormat.Rfc3279DerSequence);

    /// <summary>The signed attributes re-tagged as the universal SET the signature covers.</summary>
    private static byte[] SignedAttributesAsSet(DerNode attributes)
    {
        var encoded = attributes.Encode();
        encoded[0] = 0x31;
        return encoded;
    }

    /// <summary>The OCTET STRING value of the message-digest signed attribute.</summary>
    private static DerNode MessageDigest(DerNode signed) =>
        CmsLayout.SignerInfo(signed).Children[3].Children.Single(a => CmsLayout.Oid(a) == MessageDigestAttribute).Children[1].Children.Single();

    /// <summary>The encryptedContentInfo of an EnvelopedData or AuthEnvelopedData: the only SEQUENCE at that level.</summary>
    private static DerNode EncryptedContentInfo(DerNode contentInfo) =>
        CmsLayout.Inner(contentInfo).Children.Single(c => c.Tag.HasSameClassAndValue(Asn1Tag.Sequence));

    /// <summary>The certificates of SignedData.certificates ([0] IMPLICIT SET).</summary>
    private static List<DerNode> EmbeddedCertificates(DerNode signed) =>
        CmsLayout.Inner(signed).Children.Single(c => c.Tag.HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 0))).Children;

    /// <summary>TBSCertificate: [0] version, serial, signature, issuer, validity, subject, subjectPublicKeyInfo, ...</summary>
    private static DerNode SubjectPublicKeyInfo(DerNode certificate) => certificate.Children[0].Children[6];

    private static List<DerNode> Extensions(DerNode certificate) =>
        certificate.Children[0].Children.Single(c => c.Tag.HasSameClassAndValue(new Asn1Tag(TagClass.ContextSpecific, 3))).Children[0].Children;

    private static int RsaModulusBits(X509Certificate2 certificate)
    {
        var spki = SubjectPublicKeyInfo(DerNode.Parse(certificate.RawData));
        Assert.Equal(RsaEncryption, CmsLayout.Oid(spki.Children[0]));
        var bitString = spki.Children[1].Content;
        Assert.Equal(0, bitString[0]);
        var rsaPublicKey = new AsnReader(bitString.AsMemory(1), AsnEncodingRules.DER).ReadSequence();
        return (int)rsaPublicKey.ReadInteger().GetBitLength();
    }

    private static DerNode ObjectIdentifier(string oid)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        writer.WriteObjectIdentifier(oid);
        return DerNode.Parse(writer.Encode());
    }

    private static DerNode AlgorithmIdentifier(string oid)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(oid);
        }

        return DerNode.Parse(writer.Encode());
    }

    /// <summary>X.690 SET OF order: octet strings compared with the shorter one padded with zeros.</summary>
    private static int CompareDer(byte[] a, byte[] b)
    {
        for (var i = 0; i < Math.Max(a.Length, b.Length); i++)
        {
            var difference = (i < a.Length ? a[i] : 0).CompareTo(i < b.Length ? b[i] : 0);
            if (difference != 0)
            {
                return difference;
            }
        }

        return 0;
    }

    /// <summary>A leaf under the test intermediate, with CmsPki's leaf extensions and, optionally, an unknown critical one.</summary>
    private X509Certificate2 IssueUnderIntermediate(string subject, AsymmetricAlgorithm key, X509KeyUsageFlags usage, bool criticalExtension)
    {
        using var issuerKey = pki.Intermediate.GetECDsaPrivateKey() ?? throw new InvalidOperationException("intermediate without key");
        var builder = TestCertificateBuilder.For(subject).WithKey(key)
            .EndEntity().KeyUsage(usage).SubjectKeyIdentifier().AuthorityKeyIdentifier();
        if (criticalExtension)
        {
            builder.Extension(new X509Extension(new Oid(UnknownCriticalExtension), new byte[] { 0x05, 0x00 }, critical: true));
        }

        using var made = builder.Valid(pki.Now.AddDays(-1), pki.Now.AddYears(1)).IssuedBy(pki.Intermediate, issuerKey).Build();
        return made.PublicOnly();
    }
}
