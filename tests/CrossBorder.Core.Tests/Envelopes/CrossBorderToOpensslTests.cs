
namespace CrossBorder.Core.Tests.Envelopes;

/// <summary>
/// What <c>CmsEnvelope.Seal</c> writes decrypts and verifies with CRYPTO.md's OpenSSL reference
/// commands, for each recipient of a two-recipient envelope (EC and RSA), with an ECDSA or an
/// RSA-PSS (salt 32) signer; and it opens for each recipient in CrossBorder too.
/// </summary>
[Collection(CmsPkiDefinition.Name)]
public sealed class CrossBorderToOpensslTests(CmsPki pki)
{
    [Fact]
    public async Task Sealed_with_ecdsa_signer_decrypts_and_verifies_with_openssl_for_each_recipient()
    {
        await DecryptsAndVerifiesForEachRecipient(pki.EcSigner, seed: 2);
    }

    [Fact]
    public async Task Sealed_with_rsa_pss_signer_decrypts_and_verifies_with_openssl_for_each_recipient()
    {
        await DecryptsAndVerifiesForEachRecipient(pki.RsaSigner, seed: 3);
    }

    [Fact]
    public void Two_recipient_envelope_opens_for_each_recipient_in_crossborder()
    {
        var content = OpensslToCrossBorderTests.SampleContent(1500, 4);
        foreach (var signer in new[] { pki.EcSigner, pki.RsaSigner })
        {
            var envelope = pki.Seal(content, signer, pki.EcRecipient, pki.RsaRecipient);
            foreach (var recipient in new[] { pki.EcRecipientKey, pki.RsaRecipientKey })
            {
                var opened = pki.Open(envelope, recipient);
                Assert.Equal(content, opened.Content.ToArray());
                Assert.Equal(signer.Certificate.RawData, opened.Signer.RawData);
                Assert.Equal(pki.Now, opened.SigningTime);
            }
        }
    }

    private async Task DecryptsAndVerifiesForEachRecipient(TestIdentity signer, int seed)
    {
        var directory = pki.NewWorkDirectory();
        var content = OpensslToCrossBorderTests.SampleContent(2500, seed);
        var envelope = Path.Combine(directory, "env.der");
        await File.WriteAllBytesAsync(envelope, pki.Seal(content, signer, pki.EcRecipient, pki.RsaRecipient));

        foreach (var recipient in new[] { pki.EcRecipient, pki.RsaRecipient })
        {
            var name = Path.GetFileNameWithoutExtension(recipient.CertificatePath);
            var signed = Path.Combine(directory, $"{name}-signed.der");
            var message = Path.Combine(directory, $"{name}-msg");
            await OpenSsl.SucceedsAsync(
                "cms", "-decrypt", "-binary", "-inform", "DER", "-in", envelope,
                "-recip", recipient.CertificatePath, "-inkey", recipient.KeyPath, "-out", signed);
            await OpenSsl.SucceedsAsync(
                "cms", "-verify", "-binary", "-inform", "DER", "-in", signed, "-CAfile", pki.RootPath, "-purpose", "any", "-out", message);
            Assert.Equal(content, await File.ReadAllBytesAsync(message));
        }
    }
}
