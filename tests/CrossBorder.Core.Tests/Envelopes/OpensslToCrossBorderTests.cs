
namespace CrossBorder.Core.Tests.Envelopes;

/// <summary>
/// What a partner makes with CRYPTO.md's OpenSSL reference commands opens in CrossBorder, for
/// an EC (ECDH-ES) recipient and for an RSA (OAEP) recipient, with an ECDSA or an RSA-PSS signer.
/// </summary>
[Collection(CmsPkiDefinition.Name)]
public sealed class OpensslToCrossBorderTests(CmsPki pki)
{
    [Fact]
    public async Task Openssl_ecdsa_signed_envelope_opens_for_the_ec_and_the_rsa_recipient()
    {
        await OpensForBothRecipients(pki.EcSigner);
    }

    [Fact]
    public async Task Openssl_rsa_pss_salt_32_signed_envelope_opens_for_the_ec_and_the_rsa_recipient()
    {
        await OpensForBothRecipients(pki.RsaSigner, "-keyopt", "rsa_padding_mode:pss", "-keyopt", "rsa_pss_saltlen:32");
    }

    /// <summary>Binary content with CR, LF and NUL bytes: -binary must keep it exact.</summary>
    internal static byte[] SampleContent(int length, int seed)
    {
        var content = new byte[length];
        new Random(seed).NextBytes(content);
        "line one\r\nline two\n\0"u8.ToArray().CopyTo(content, 0);
        return content;
    }

    /// <summary>CRYPTO.md's sign command, with extra options for the signer key.</summary>
    internal static async Task<string> OpensslSignAsync(CmsPki pki, string directory, byte[] content, TestIdentity signer, params string[] keyOptions)
    {
        var message = Path.Combine(directory, "msg");
        var signed = Path.Combine(directory, "signed.der");
        await File.WriteAllBytesAsync(message, content);
        await OpenSsl.SucceedsAsync(
        [
            "cms", "-sign", "-binary", "-nodetach", "-md", "sha256", "-in", message,
            "-signer", signer.CertificatePath, "-inkey", signer.KeyPath, "-certfile", pki.ChainPath,
            .. keyOptions, "-outform", "DER", "-out", signed,
        ]);
        return signed;
    }

    /// <summary>CRYPTO.md's encrypt command for the EC and the RSA recipient.</summary>
    internal static async Task<byte[]> OpensslEncryptAsync(CmsPki pki, string directory, string signed)
    {
        var envelope = Path.Combine(directory, "env.der");
        await OpenSsl.SucceedsAsync(
            "cms", "-encrypt", "-binary", "-aes-256-gcm", "-in", signed, "-outform", "DER", "-out", envelope,
            "-recip", pki.EcRecipient.CertificatePath, "-keyopt", "ecdh_kdf_md:sha256",
            "-recip", pki.RsaRecipient.CertificatePath, "-keyopt", "rsa_padding_mode:oaep", "-keyopt", "rsa_oaep_md:sha256", "-keyopt", "rsa_mgf1_md:sha256");
        return await File.ReadAllBytesAsync(envelope);
    }

    private async Task OpensForBothRecipients(TestIdentity signer, params string[] keyOptions)
    {
        var directory = pki.NewWorkDirectory();
        var content = SampleContent(3000, 1);
        var signed = await OpensslSignAsync(pki, directory, content, signer, keyOptions);
        var envelope = await OpensslEncryptAsync(pki, directory, signed);

        foreach (var recipient in new[] { pki.EcRecipientKey, pki.RsaRecipientKey })
        {
            var opened = pki.Open(envelope, recipient);
            Assert.Equal(content, opened.Content.ToArray());
            Assert.Equal(signer.Certificate.RawData, opened.Signer.RawData);
        }
    }
}
