using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.Pkcs;
using System.Security.Cryptography.X509Certificates;
using CrossBorder.Conformance.Envelopes;
using CrossBorder.Core.Certificates;
using CrossBorder.Core.Envelopes;
using CrossBorder.Core.Trust;

namespace CrossBorder.Conformance.Tests.Envelopes;

/// <summary>
/// The forge, on the dev federation's keys: with its default knobs it writes what Core writes (and
/// Core opens it); off the profile, what it writes is real — OpenSSL decrypts its PKCS#1 v1.5,
/// OAEP-SHA-1, SHA-1 KDF, ukm and EnvelopedData key management, SignedCms verifies its SHA-1 and
/// PKCS#1 v1.5 signatures — so a receiver that skips a check would accept it.
/// </summary>
public sealed class ForgeTests(FederationFixture federation) : IClassFixture<FederationFixture>, IDisposable
{
    private const string EcRecipient = "AL/NCP";
    private const string RsaRecipient = "GR/NCP";

    private const string Sha1 = "1.3.14.3.2.26";
    private const string EcdsaWithSha1 = "1.2.840.10045.4.1";
    private const string Sha256WithRsa = "1.2.840.113549.1.1.11";

    private static readonly DateTimeOffset Now = new(2026, 3, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly byte[] Content = [.. Enumerable.Range(0, 1500).Select(i => (byte)(i * 7))];

    private readonly TempDirectory _work = new();
    private readonly SigningIdentity _signer = Signer(federation, "IT/NCP");

    public void Dispose()
    {
        _work.Dispose();
        _signer.Key.Dispose();
        _signer.Certificate.Dispose();
    }

    [Fact]
    public async Task With_default_knobs_the_forge_writes_what_core_writes_and_core_opens_it()
    {
        var recipients = new[] { Certificate(EcRecipient), Certificate(RsaRecipient) };
        var core = CmsEnvelope.Seal(Content, _signer.Certificate, _signer.Key, _signer.Chain, recipients, Now);
        var forged = Forge(SignedDataKnobs.Profile, EnvelopeKnobs.Profile, recipients);

        Assert.Equal(Shape(core), Shape(forged));
        Assert.Equal(Shape(await DecryptAsync(core, EcRecipient)), Shape(await DecryptAsync(forged, EcRecipient)));
        foreach (var participant in new[] { EcRecipient, RsaRecipient })
        {
            using var key = OpeningKey(participant);
            var opened = CmsEnvelope.OpenReceived(forged, [key], 1 << 20);
            Assert.Equal(Content, opened.Content.ToArray());
            Assert.Equal(_signer.Certificate.RawData, opened.Signer.RawData);
        }
    }

    [Theory]
    [InlineData("sha1-kdf", EcRecipient)]
    [InlineData("ukm", EcRecipient)]
    [InlineData("pkcs1", RsaRecipient)]
    [InlineData("oaep-defaults", RsaRecipient)]
    [InlineData("enveloped-data", EcRecipient)]
    [InlineData("enveloped-data", RsaRecipient)]
    public async Task Off_profile_key_management_is_real_openssl_decrypts_it(string knob, string recipient)
    {
        var knobs = knob switch
        {
            "sha1-kdf" => new EnvelopeKnobs { Sha1Kdf = true },
            "ukm" => new EnvelopeKnobs { Ukm = [1, 2, 3, 4, 5, 6, 7, 8] },
            "pkcs1" => new EnvelopeKnobs { KeyTransport = ForgedKeyTransport.Pkcs1 },
            "oaep-defaults" => new EnvelopeKnobs { KeyTransport = ForgedKeyTransport.OaepDefaults },
            _ => new EnvelopeKnobs { EnvelopedData = true },
        };
        var signedData = SignedDataForge.Write(Content, _signer, Now, SignedDataKnobs.Profile);
        var envelope = _work.File($"{knob}-{recipient.Replace('/', '-')}.der");
        var decrypted = envelope + ".out";
        await File.WriteAllBytesAsync(envelope, EnvelopeForge.Write(signedData, [Certificate(recipient)], _signer.Certificate, knobs));

        await OpenSsl.SucceedsAsync("cms", "-decrypt", "-binary", "-inform", "DER", "-in", envelope,
            "-recip", federation.ParticipantFile(recipient, "encryption.crt"), "-inkey", federation.ParticipantFile(recipient, "encryption.key"), "-out", decrypted);

        Assert.Equal(signedData, await File.ReadAllBytesAsync(decrypted));
        var printed = await OpenSsl.SucceedsAsync("cms", "-cmsout", "-print", "-inform", "DER", "-in", envelope);
        Assert.Contains(knob switch
        {
            "sha1-kdf" => "dhSinglePass-stdDH-sha1kdf-scheme",
            "ukm" => "ukm:",
            "pkcs1" => "rsaEncryption",
            "oaep-defaults" => "rsaesOaep",
            _ => "aes-256-cbc",
        }, printed.StandardOutput, StringComparison.Ordinal);
    }

    [Fact]
    public void Sha1_digest_and_ecdsa_with_sha1_signatures_are_real()
    {
        var signedCms = Decode(new SignedDataKnobs { DigestAlgorithm = Sha1, Signature = ForgedSignature.EcdsaSha1 });

        var signer = Assert.Single(signedCms.SignerInfos.Cast<SignerInfo>());
        Assert.Equal(Sha1, signer.DigestAlgorithm.Value);
        Assert.Equal(EcdsaWithSha1, signer.SignatureAlgorithm.Value);
        signedCms.CheckSignature(verifySignatureOnly: true);
    }

    [Fact]
    public void A_pkcs1_signature_by_a_foreign_rsa_key_is_real()
    {
        using var foreign = new ForeignPki(ParticipantId.Parse("IT/NCP"), TimeProvider.System);
        var rsa = foreign.RsaSigner();
        try
        {
            var signedCms = new SignedCms();
            signedCms.Decode(SignedDataForge.Write(Content, rsa, Now, new SignedDataKnobs { Signature = ForgedSignature.RsaPkcs1Sha256 }));

            Assert.Equal(Sha256WithRsa, Assert.Single(signedCms.SignerInfos.Cast<SignerInfo>()).SignatureAlgorithm.Value);
            signedCms.CheckSignature(verifySignatureOnly: true);
        }
        finally
        {
            rsa.Key.Dispose();
            rsa.Certificate.Dispose();
        }
    }

    [Fact]
    public void Two_signers_extra_and_optional_parts_are_well_formed_and_every_signature_verifies()
    {
        var signedCms = Decode(new SignedDataKnobs { Signers = 2, ExtraAttribute = true, OptionalParts = true });

        Assert.Equal(2, signedCms.SignerInfos.Count);
        Assert.All(signedCms.SignerInfos.Cast<SignerInfo>(), s => Assert.Equal(4, s.SignedAttributes.Count));
        Assert.All(signedCms.SignerInfos.Cast<SignerInfo>(), s => Assert.Single(s.UnsignedAttributes));
        signedCms.CheckSignature(verifySignatureOnly: true);
    }

    [Fact]
    public void A_signature_over_other_bytes_does_not_verify()
    {
        var signedCms = Decode(new SignedDataKnobs { SignatureOverOtherBytes = true });

        Assert.Throws<CryptographicException>(() => signedCms.CheckSignature(verifySignatureOnly: true));
    }

    [Fact]
    public void A_non_der_signature_value_holds_a_valid_signature()
    {
        var signedData = SignedDataForge.Write(Content, _signer, Now, new SignedDataKnobs { NonDerSignatureValue = true });
        var signerInfo = DerNode.Parse(signedData).Children[1].Children[0].Children[^1].Children[0];
        var attributes = signerInfo.Children.Single(c => c.Tag == 0xA0);
        var value = signerInfo.Children[^1];
        var signed = SetOf(signedData.AsSpan(attributes.ContentOffset, attributes.ContentLength));
        var signature = signedData.AsSpan(value.ContentOffset, value.ContentLength).ToArray();

        Assert.Throws<AsnContentException>(() => new AsnReader(signature, AsnEncodingRules.DER).ReadSequence().ReadInteger());
        Assert.True(signature[4] == 0x00 && signature[5] < 0x80, "r starts with a zero octet the next octet does not need");
        using var key = _signer.Certificate.GetECDsaPublicKey()!;
        Assert.True(key.VerifyData(signed, P1363(signature), HashAlgorithmName.SHA256, DSASignatureFormat.IeeeP1363FixedFieldConcatenation));
    }

    [Theory]
    [InlineData(true)]
    [InlineData(false)]
    public void Ber_lengths_are_refused_by_a_der_reader_and_read_by_a_ber_reader(bool indefinite)
    {
        var der = SignedDataForge.Write(Content, _signer, Now, SignedDataKnobs.Profile);
        var ber = indefinite ? BerLengths.Indefinite(der) : BerLengths.NonMinimal(der);

        Assert.Throws<AsnContentException>(() => new AsnReader(ber, AsnEncodingRules.DER).ReadSequence());
        var reader = new AsnReader(ber, AsnEncodingRules.BER);
        var contents = reader.ReadSequence().ReadEncodedValue();
        reader.ThrowIfNotEmpty();
        var outer = DerNode.Parse(der);
        Assert.Equal(der[outer.ContentOffset..(outer.ContentOffset + contents.Length)], contents.ToArray());
    }

    /// <summary>A tag tree with the values that do not vary between two sealings (versions, serials, OIDs, times), lengths left out.</summary>
    private static string Shape(byte[] der) => Shape(der, DerNode.Parse(der));

    private static string Shape(byte[] der, DerNode node) => node.IsConstructed
        ? $"{node.Tag:x2}({string.Join(' ', node.Children.Select(c => Shape(der, c)))})"
        : node.Tag is 0x02 or 0x06 or 0x17 ? $"{node.Tag:x2}:{Convert.ToHexString(der, node.ContentOffset, node.ContentLength)}" : $"{node.Tag:x2}";

    private async Task<byte[]> DecryptAsync(byte[] envelope, string recipient)
    {
        var input = _work.File($"{Guid.NewGuid():N}.der");
        await File.WriteAllBytesAsync(input, envelope);
        await OpenSsl.SucceedsAsync("cms", "-decrypt", "-binary", "-inform", "DER", "-in", input,
            "-recip", federation.ParticipantFile(recipient, "encryption.crt"), "-inkey", federation.ParticipantFile(recipient, "encryption.key"), "-out", input + ".out");
        return await File.ReadAllBytesAsync(input + ".out");
    }

    private static byte[] SetOf(ReadOnlySpan<byte> content)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSetOf())
        {
            var reader = new AsnReader(content.ToArray(), AsnEncodingRules.DER);
            while (reader.HasData)
            {
                writer.WriteEncodedValue(reader.ReadEncodedValue().Span);
            }
        }

        return writer.Encode();
    }

    /// <summary>r and s of a SEQUENCE { INTEGER, INTEGER } read by hand (short lengths), as 32-octet big-endian halves.</summary>
    private static byte[] P1363(byte[] signature)
    {
        var rLength = signature[3];
        var r = signature.AsSpan(4, rLength).TrimStart((byte)0);
        var s = signature.AsSpan(4 + rLength + 2, signature[4 + rLength + 1]).TrimStart((byte)0);
        var fixedField = new byte[64];
        r.CopyTo(fixedField.AsSpan(32 - r.Length));
        s.CopyTo(fixedField.AsSpan(64 - s.Length));
        return fixedField;
    }

    private byte[] Forge(SignedDataKnobs signed, EnvelopeKnobs envelope, IReadOnlyList<X509Certificate2> recipients) =>
        EnvelopeForge.Write(SignedDataForge.Write(Content, _signer, Now, signed), recipients, _signer.Certificate, envelope);

    private SignedCms Decode(SignedDataKnobs knobs)
    {
        var signedCms = new SignedCms();
        signedCms.Decode(SignedDataForge.Write(Content, _signer, Now, knobs));
        return signedCms;
    }

    private X509Certificate2 Certificate(string participant) => CertificateFiles.LoadCertificate(federation.ParticipantFile(participant, "encryption.crt"));

    private Core.Envelopes.Cms.RecipientKey OpeningKey(string participant) => Core.Envelopes.Cms.RecipientKey.FromCertificate(
        CertificateFiles.LoadCertificateWithKey(federation.ParticipantFile(participant, "encryption.crt"), federation.ParticipantFile(participant, "encryption.key")));

    private static SigningIdentity Signer(FederationFixture federation, string participant)
    {
        var certificate = CertificateFiles.LoadCertificateWithKey(federation.ParticipantFile(participant, "signing.crt"), federation.ParticipantFile(participant, "signing.key"));
        return new SigningIdentity(certificate, certificate.GetECDsaPrivateKey()!, CertificateFiles.LoadCertificates(federation.ParticipantFile(participant, "chain.pem")));
    }
}
