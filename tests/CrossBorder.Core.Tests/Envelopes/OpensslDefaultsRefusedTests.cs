using CrossBorder.Contracts.V1;

namespace CrossBorder.Core.Tests.Envelopes;

/// <summary>
/// OpenSSL's defaults are not the profile: each one a partner may fall into (SHA-1 KDF, PKCS#1
/// v1.5 key transport, CBC EnvelopedData, PKCS#1 v1.5 signature, maximum PSS salt, SHA-1 digest)
/// is refused with ALG_REFUSED. Each test first checks that OpenSSL really wrote what it is about.
/// </summary>
[Collection(CmsPkiDefinition.Name)]
public sealed class OpensslDefaultsRefusedTests(CmsPki pki)
{
    private const string EcdhSha1Kdf = "1.3.133.16.840.63.0.2";
    private const string EnvelopedData = "1.2.840.113549.1.7.3";
    private const string RsaEncryption = "1.2.840.113549.1.1.1";
    private const string RsaPss = "1.2.840.113549.1.1.10";
    private const string Sha1 = "1.3.14.3.2.26";

    [Fact]
    public async Task Openssl_sealed_envelope_with_sha1_kdf_is_refused_with_alg_refused()
    {
        var directory = pki.NewWorkDirectory();
        var signed = await SignAsync(directory, pki.EcSigner);
        var envelope = await EncryptAsync(directory, signed, "-aes-256-gcm", "-recip", pki.EcRecipient.CertificatePath);

        Assert.Equal(EcdhSha1Kdf, CmsLayout.Oid(CmsLayout.EcKeyEncryptionAlgorithm(DerNode.Parse(envelope))));
        Assert.Equal(ReasonCode.AlgRefused, Rejections.ReasonOf(() => pki.Open(envelope, pki.EcRecipientKey)));
    }

    [Fact]
    public async Task Openssl_sealed_envelope_with_pkcs1v15_key_transport_is_refused_with_alg_refused()
    {
        var directory = pki.NewWorkDirectory();
        var signed = await SignAsync(directory, pki.EcSigner);
        var envelope = await EncryptAsync(directory, signed, "-aes-256-gcm", "-recip", pki.RsaRecipient.CertificatePath);

        Assert.Equal(RsaEncryption, CmsLayout.Oid(CmsLayout.KeyTransRecipientInfo(DerNode.Parse(envelope)).Children[2]));
        Assert.Equal(ReasonCode.AlgRefused, Rejections.ReasonOf(() => pki.Open(envelope, pki.RsaRecipientKey)));
    }

    [Fact]
    public async Task Openssl_enveloped_data_with_cbc_is_refused_with_alg_refused()
    {
        var directory = pki.NewWorkDirectory();
        var signed = await SignAsync(directory, pki.EcSigner);
        var envelope = await EncryptAsync(directory, signed, "-recip", pki.EcRecipient.CertificatePath, "-keyopt", "ecdh_kdf_md:sha256");

        Assert.Equal(EnvelopedData, CmsLayout.Oid(DerNode.Parse(envelope)));
        Assert.Equal(ReasonCode.AlgRefused, Rejections.ReasonOf(() => pki.Open(envelope, pki.EcRecipientKey)));
    }

    [Fact]
    public async Task Openssl_signature_with_rsa_pkcs1v15_padding_is_refused_with_alg_refused()
    {
        var directory = pki.NewWorkDirectory();
        var signed = await SignAsync(directory, pki.RsaSigner);
        Assert.Equal(RsaEncryption, CmsLayout.Oid(CmsLayout.SignatureAlgorithm(DerNode.Parse(await File.ReadAllBytesAsync(signed)))));

        var envelope = await EncryptWithProfileAsync(directory, signed);
        Assert.Equal(ReasonCode.AlgRefused, Rejections.ReasonOf(() => pki.Open(envelope, pki.EcRecipientKey)));
    }

    [Fact]
    public async Task Openssl_pss_signature_with_default_maximum_salt_is_refused_with_alg_refused()
    {
        var directory = pki.NewWorkDirectory();
        var signed = await SignAsync(directory, pki.RsaSigner, "-keyopt", "rsa_padding_mode:pss");
        var algorithm = CmsLayout.SignatureAlgorithm(DerNode.Parse(await File.ReadAllBytesAsync(signed)));
        Assert.Equal(RsaPss, CmsLayout.Oid(algorithm));
        var salt = algorithm.Children[1].Children.Single(c => c.Tag.TagValue == 2).Children[0].Content;
        Assert.NotEqual([32], salt);

        var envelope = await EncryptWithProfileAsync(directory, signed);
        Assert.Equal(ReasonCode.AlgRefused, Rejections.ReasonOf(() => pki.Open(envelope, pki.EcRecipientKey)));
    }

    [Fact]
    public async Task Openssl_signature_with_sha1_digest_is_refused_with_alg_refused()
    {
        var directory = pki.NewWorkDirectory();
        var signed = await SignAsync(directory, pki.EcSigner, sha1: true);
        Assert.Equal(Sha1, CmsLayout.Oid(CmsLayout.DigestAlgorithm(DerNode.Parse(await File.ReadAllBytesAsync(signed)))));

        var envelope = await EncryptWithProfileAsync(directory, signed);
        Assert.Equal(ReasonCode.AlgRefused, Rejections.ReasonOf(() => pki.Open(envelope, pki.EcRecipientKey)));
    }

    private async Task<string> SignAsync(string directory, TestIdentity signer, params string[] keyOptions) =>
        await SignAsync(directory, signer, sha1: false, keyOptions);

    private async Task<string> SignAsync(string directory, TestIdentity signer, bool sha1, params string[] keyOptions)
    {
        var message = Path.Combine(directory, "msg");
        var signed = Path.Combine(directory, "signed.der");
        await File.WriteAllBytesAsync(message, OpensslToCrossBorderTests.SampleContent(700, 5));
        await OpenSsl.SucceedsAsync(
        [
            "cms", "-sign", "-binary", "-nodetach", "-md", sha1 ? "sha1" : "sha256", "-in", message,
            "-signer", signer.CertificatePath, "-inkey", signer.KeyPath, "-certfile", pki.ChainPath,
            .. keyOptions, "-outform", "DER", "-out", signed,
        ]);
        return signed;
    }

    private static async Task<byte[]> EncryptAsync(string directory, string signed, params string[] options)
    {
        var envelope = Path.Combine(directory, "env.der");
        await OpenSsl.SucceedsAsync(["cms", "-encrypt", "-binary", .. options, "-in", signed, "-outform", "DER", "-out", envelope]);
        return await File.ReadAllBytesAsync(envelope);
    }

    private async Task<byte[]> EncryptWithProfileAsync(string directory, string signed) =>
        await OpensslToCrossBorderTests.OpensslEncryptAsync(pki, directory, signed);
}
