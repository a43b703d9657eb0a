using System.Formats.Asn1;
using System.Security.Cryptography;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Envelopes;
using CrossBorder.Core.Envelopes.Cms;

namespace CrossBorder.Core.Tests.Envelopes;

/// <summary>
/// Every way an envelope can be wrong is refused with its own reason code, and never with
/// anything but a <c>RejectedException</c>. Byte ranges are found by parsing the DER.
/// </summary>
[Collection(CmsPkiDefinition.Name)]
public sealed class CmsEnvelopeNegativeTests(CmsPki pki)
{
    private static readonly byte[] Content = OpensslToCrossBorderTests.SampleContent(2000, 6);

    public enum SignatureDefect
    {
        LeadingZeroInR,
        LongFormLength,
        NegativeS,
    }

    public enum ShortTag
    {
        IcvLen12AndTwelveByteTag,
        IcvLenAbsentAndTwelveByteTag,
        IcvLen16ButTwelveByteTag,
    }

    public enum VersionField
    {
        AuthEnvelopedData,
        KeyAgreeRecipientInfo,
        KeyTransRecipientInfo,
        SignedData,
        SignerInfo,
    }

    public enum Nesting
    {
        DefiniteLengths,
        IndefiniteLengths,
        DefiniteLengthsInsideContentInfo,
    }

    [Fact]
    public void Valid_two_recipient_envelope_opens_as_the_control_for_the_flips()
    {
        var envelope = TwoRecipientEnvelope();
        Assert.Equal(Content, pki.Open(envelope, pki.EcRecipientKey).Content.ToArray());
        Assert.Equal(Content, pki.Open(envelope, pki.RsaRecipientKey).Content.ToArray());
    }

    [Fact]
    public void Flipped_bit_in_the_ciphertext_fails_with_decrypt_failed()
    {
        var envelope = TwoRecipientEnvelope();
        var ciphertext = CmsLayout.Ciphertext(DerNode.Parse(envelope));
        Assert.Equal(ReasonCode.DecryptFailed, ReasonAfterFlip(envelope, ciphertext.ContentOffset + (ciphertext.ContentLength / 2), 3, pki.EcRecipientKey));
        Assert.Equal(ReasonCode.DecryptFailed, ReasonAfterFlip(envelope, ciphertext.ContentOffset, 0, pki.RsaRecipientKey));
        Assert.Equal(ReasonCode.DecryptFailed, ReasonAfterFlip(envelope, ciphertext.ContentOffset + ciphertext.ContentLength - 1, 7, pki.EcRecipientKey));
    }

    [Fact]
    public void Flipped_bit_in_the_gcm_tag_fails_with_decrypt_failed()
    {
        var envelope = TwoRecipientEnvelope();
        var mac = CmsLayout.Mac(DerNode.Parse(envelope));
        Assert.Equal(16, mac.ContentLength);
        Assert.Equal(ReasonCode.DecryptFailed, ReasonAfterFlip(envelope, mac.ContentOffset, 0, pki.EcRecipientKey));
        Assert.Equal(ReasonCode.DecryptFailed, ReasonAfterFlip(envelope, mac.ContentOffset + 15, 7, pki.RsaRecipientKey));
    }

    [Fact]
    public void Flipped_bit_in_the_wrapped_key_of_the_ec_recipient_fails_with_decrypt_failed()
    {
        var envelope = TwoRecipientEnvelope();
        var wrapped = CmsLayout.EcWrappedKey(DerNode.Parse(envelope));
        Assert.Equal(40, wrapped.ContentLength);
        for (var i = 0; i < wrapped.ContentLength; i += 13)
        {
            Assert.Equal(ReasonCode.DecryptFailed, ReasonAfterFlip(envelope, wrapped.ContentOffset + i, i % 8, pki.EcRecipientKey));
        }
    }

    [Fact]
    public void Flipped_bit_in_the_encrypted_key_of_the_rsa_recipient_fails_with_decrypt_failed()
    {
        var envelope = TwoRecipientEnvelope();
        var encryptedKey = CmsLayout.RsaEncryptedKey(DerNode.Parse(envelope));
        Assert.Equal(384, encryptedKey.ContentLength);
        foreach (var i in new[] { 0, 100, 383 })
        {
            Assert.Equal(ReasonCode.DecryptFailed, ReasonAfterFlip(envelope, encryptedKey.ContentOffset + i, i % 8, pki.RsaRecipientKey));
        }
    }

    [Fact]
    public void Envelope_truncated_at_every_sixteenth_of_its_length_is_malformed()
    {
        var envelope = TwoRecipientEnvelope();
        for (var k = 0; k < 16; k++)
        {
            var truncated = envelope[..(envelope.Length * k / 16)];
            foreach (var recipient in new[] { pki.EcRecipientKey, pki.RsaRecipientKey })
            {
                var (reason, description) = Rejections.Outcome(() => pki.Open(truncated, recipient));
                Assert.True(reason == ReasonCode.Malformed, $"truncated to {k}/16 ({truncated.Length} of {envelope.Length} bytes): {description}");
            }
        }
    }

    [Fact]
    public void Envelope_not_addressed_to_our_key_is_not_a_recipient()
    {
        var envelope = TwoRecipientEnvelope();
        Assert.Equal(ReasonCode.NotARecipient, Rejections.ReasonOf(() => pki.Open(envelope, pki.OtherEcRecipientKey)));
    }

    [Fact]
    public void Signer_under_an_untrusted_root_is_untrusted()
    {
        var envelope = CmsEnvelope.Seal(
            Content, pki.ForeignSigner.Certificate, pki.ForeignSigner.Key, [pki.ForeignRoot], [pki.EcRecipient.Certificate], pki.Now);
        Assert.Equal(ReasonCode.Untrusted, Rejections.ReasonOf(() => pki.Open(envelope, pki.EcRecipientKey)));

        var withoutRoot = CmsEnvelope.Seal(Content, pki.ForeignSigner.Certificate, pki.ForeignSigner.Key, [], [pki.EcRecipient.Certificate], pki.Now);
        Assert.Equal(ReasonCode.Untrusted, Rejections.ReasonOf(() => pki.Open(withoutRoot, pki.EcRecipientKey)));
    }

    [Fact]
    public void Signer_expired_at_the_validation_time_is_expired()
    {
        var envelope = pki.Seal(Content, pki.ExpiredSigner, pki.EcRecipient);
        Assert.Equal(ReasonCode.Expired, Rejections.ReasonOf(() => pki.Open(envelope, pki.EcRecipientKey)));

        // The same certificate is accepted at a time inside its validity: the refusal is about time.
        var during = new DateTimeOffset(pki.ExpiredSigner.Certificate.NotBefore.ToUniversalTime()).AddDays(1);
        Assert.Equal(Content, CmsEnvelope.Open(envelope, pki.EcRecipientKey, pki.Validator, during, int.MaxValue).Content.ToArray());
    }

    [Theory]
    [InlineData(SignatureDefect.LeadingZeroInR)]
    [InlineData(SignatureDefect.LongFormLength)]
    [InlineData(SignatureDefect.NegativeS)]
    public void Non_der_ecdsa_signature_is_bad_signature(SignatureDefect defect)
    {
        var key = (ECDsa)pki.EcSigner.Key;
        var (signed, signature) = SignedDataWithHighS(key);
        var reencoded = defect switch
        {
            SignatureDefect.LeadingZeroInR => WithLeadingZeroInR(signature),
            SignatureDefect.LongFormLength => WithLongFormLength(signature),
            _ => WithoutLeadingZeroInS(signature),
        };
        Assert.False(SignedDataReader.IsStrictDerSignature(reencoded));

        var tree = DerNode.Parse(signed);
        CmsLayout.Signature(tree).Content = reencoded;
        var envelope = AuthEnvelopedDataWriter.Write(tree.Encode(), [pki.EcRecipient.Certificate]);
        Assert.Equal(ReasonCode.BadSignature, Rejections.ReasonOf(() => pki.Open(envelope, pki.EcRecipientKey)));
    }

    [Fact]
    public void Strict_der_check_refuses_a_negative_s_that_dotnet_verify_alone_accepts()
    {
        var key = (ECDsa)pki.EcSigner.Key;
        var data = "signed attributes stand-in"u8.ToArray();
        var signature = SignatureWithHighS(key, data);
        var missingZero = WithoutLeadingZeroInS(signature);

        Assert.True(SignedDataReader.IsStrictDerSignature(signature));
        Assert.True(CmsPrimitives.EcdsaVerify(key, data, signature));
        Assert.True(
            key.VerifyData(data, missingZero, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence),
            ".NET's VerifyData no longer accepts a negative s: the strict check is then belt and braces");
        Assert.False(SignedDataReader.IsStrictDerSignature(missingZero));
        Assert.False(CmsPrimitives.EcdsaVerify(key, data, missingZero));
    }

    [Fact]
    public void Strict_der_check_refuses_non_minimal_integers_long_form_lengths_and_trailing_bytes()
    {
        var key = (ECDsa)pki.EcSigner.Key;
        var signature = key.SignData("x"u8, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);

        Assert.True(SignedDataReader.IsStrictDerSignature(signature));
        Assert.False(SignedDataReader.IsStrictDerSignature(WithLeadingZeroInR(signature)));
        Assert.False(SignedDataReader.IsStrictDerSignature(WithLongFormLength(signature)));
        Assert.False(SignedDataReader.IsStrictDerSignature([.. signature, 0x00]));
        Assert.False(SignedDataReader.IsStrictDerSignature(signature.AsSpan(0, signature.Length - 1)));
        Assert.False(SignedDataReader.IsStrictDerSignature([]));
    }

    [Fact]
    public void Content_modified_after_signing_is_bad_signature()
    {
        var tree = DerNode.Parse(SignedDataWriter.Write(Content, pki.EcSigner.Certificate, pki.EcSigner.Key, [pki.Intermediate], pki.Now));
        var content = CmsLayout.SignedContent(tree);
        Assert.Equal(Content, content.Content);
        content.Content[1000] ^= 0x20;

        var envelope = AuthEnvelopedDataWriter.Write(tree.Encode(), [pki.EcRecipient.Certificate]);
        Assert.Equal(ReasonCode.BadSignature, Rejections.ReasonOf(() => pki.Open(envelope, pki.EcRecipientKey)));
    }

    [Fact]
    public void Signer_certificate_with_key_encipherment_only_is_key_usage()
    {
        var envelope = pki.Seal(Content, pki.KeyEnciphermentSigner, pki.EcRecipient);
        Assert.Equal(ReasonCode.KeyUsage, Rejections.ReasonOf(() => pki.Open(envelope, pki.EcRecipientKey)));
    }

    /// <summary>
    /// The signature verifies with the key as such; the certificate's key agreement usage is the
    /// purpose check's to refuse (KEY_USAGE), not a reason to call the signature bad.
    /// </summary>
    [Fact]
    public void Signer_certificate_with_key_agreement_only_is_key_usage()
    {
        var agreement = (ECDiffieHellman)pki.EcRecipient.Key;
        using var signing = ECDsa.Create(agreement.ExportParameters(includePrivateParameters: true));
        var envelope = CmsEnvelope.Seal(Content, pki.EcRecipient.Certificate, signing, [pki.Intermediate], [pki.OtherEcRecipient.Certificate], pki.Now);

        Assert.Equal(ReasonCode.KeyUsage, Rejections.ReasonOf(() => pki.Open(envelope, pki.OtherEcRecipientKey)));
    }

    [Fact]
    public void Rsa_1024_signer_is_refused_with_alg_refused()
    {
        var envelope = pki.Seal(Content, pki.Rsa1024Signer, pki.EcRecipient);
        Assert.Equal(ReasonCode.AlgRefused, Rejections.ReasonOf(() => pki.Open(envelope, pki.EcRecipientKey)));
    }

    [Theory]
    [InlineData(ShortTag.IcvLen12AndTwelveByteTag)]
    [InlineData(ShortTag.IcvLenAbsentAndTwelveByteTag)]
    [InlineData(ShortTag.IcvLen16ButTwelveByteTag)]
    public void Gcm_with_a_12_byte_tag_is_refused_with_alg_refused(ShortTag variant)
    {
        // A real 12-byte GCM tag over the real ciphertext: only the tag length is wrong. The same
        // construction with a 16-byte tag opens, so the refusal is about the tag length alone.
        Assert.Equal(Content, pki.Open(EnvelopeWithTagLength(16, null), pki.EcRecipientKey).Content.ToArray());

        var envelope = EnvelopeWithTagLength(12, variant);
        Assert.Equal(ReasonCode.AlgRefused, Rejections.ReasonOf(() => pki.Open(envelope, pki.EcRecipientKey)));
    }

    /// <summary>
    /// The version fields are fixed by the RFCs for the structures we read: AuthEnvelopedData 0
    /// (RFC 5083), KeyAgreeRecipientInfo 3, KeyTransRecipientInfo with issuerAndSerialNumber 0,
    /// SignedData 1 and SignerInfo with issuerAndSerialNumber 1 (RFC 5652). The envelope's are
    /// outside the GCM authentication: an ignored version makes the envelope malleable.
    /// </summary>
    [Theory]
    [InlineData(VersionField.AuthEnvelopedData, 0, 1)]
    [InlineData(VersionField.KeyAgreeRecipientInfo, 3, 0)]
    [InlineData(VersionField.KeyTransRecipientInfo, 0, 3)]
    [InlineData(VersionField.SignedData, 1, 5)]
    [InlineData(VersionField.SignerInfo, 1, 3)]
    public void Version_number_the_rfc_forbids_is_malformed(VersionField field, byte expected, byte wrong)
    {
        byte[] envelope;
        var recipient = field == VersionField.KeyTransRecipientInfo ? pki.RsaRecipient : pki.EcRecipient;
        var key = field == VersionField.KeyTransRecipientInfo ? pki.RsaRecipientKey : pki.EcRecipientKey;
        if (field is VersionField.SignedData or VersionField.SignerInfo)
        {
            var signed = DerNode.Parse(SignedDataWriter.Write(Content, pki.EcSigner.Certificate, pki.EcSigner.Key, [pki.Intermediate], pki.Now));
            var version = field == VersionField.SignedData ? CmsLayout.Inner(signed).Children[0] : CmsLayout.SignerInfo(signed).Children[0];
            Assert.Equal([expected], version.Content);
            version.Content = [wrong];
            envelope = AuthEnvelopedDataWriter.Write(signed.Encode(), [recipient.Certificate]);
        }
        else
        {
            var tree = DerNode.Parse(pki.Seal(Content, pki.EcSigner, recipient));
            var version = field switch
            {
                VersionField.AuthEnvelopedData => CmsLayout.Inner(tree).Children[0],
                VersionField.KeyAgreeRecipientInfo => CmsLayout.RecipientInfos(tree).Children.Single().Children[0],
                _ => CmsLayout.KeyTransRecipientInfo(tree).Children[0],
            };
            Assert.Equal([expected], version.Content);
            version.Content = [wrong];
            envelope = tree.Encode();
        }

        Assert.Equal(ReasonCode.Malformed, Rejections.ReasonOf(() => pki.Open(envelope, key)));
    }

    [Theory]
    [InlineData(Nesting.DefiniteLengths)]
    [InlineData(Nesting.IndefiniteLengths)]
    [InlineData(Nesting.DefiniteLengthsInsideContentInfo)]
    public void Deeply_nested_asn1_is_malformed(Nesting nesting)
    {
        const int Depth = 10_000;
        var envelope = nesting switch
        {
            Nesting.DefiniteLengths => NestedSequences(Depth, []),
            Nesting.IndefiniteLengths => [.. Enumerable.Repeat<byte[]>([0x30, 0x80], Depth).SelectMany(b => b), .. new byte[2 * Depth]],
            _ => AuthEnvelopedContentInfo(NestedSequences(Depth, [])),
        };

        foreach (var recipient in new[] { pki.EcRecipientKey, pki.RsaRecipientKey })
        {
            Assert.Equal(ReasonCode.Malformed, Rejections.ReasonOf(() => pki.Open(envelope, recipient)));
        }
    }

    [Fact]
    public void Envelope_larger_than_max_bytes_is_too_large()
    {
        var envelope = pki.Seal(Content, pki.EcSigner, pki.EcRecipient);
        Assert.Equal(
            ReasonCode.TooLarge,
            Rejections.ReasonOf(() => CmsEnvelope.Open(envelope, pki.EcRecipientKey, pki.Validator, pki.Now, envelope.Length - 1)));
        Assert.Equal(Content, CmsEnvelope.Open(envelope, pki.EcRecipientKey, pki.Validator, pki.Now, envelope.Length).Content.ToArray());
    }

    [Fact]
    public void Crls_covering_the_whole_path_without_revoking_the_signer_accept_it()
    {
        var envelope = pki.Seal(Content, pki.EcSigner, pki.EcRecipient);
        var validator = pki.ValidatorWithCrls(CmsPki.Crl(pki.Intermediate, pki.Now), CmsPki.Crl(pki.Root, pki.Now));
        Assert.Equal(Content, CmsEnvelope.Open(envelope, pki.EcRecipientKey, validator, pki.Now, int.MaxValue).Content.ToArray());
    }

    [Fact]
    public void Signer_revoked_by_a_crl_of_the_intermediate_is_revoked()
    {
        var envelope = pki.Seal(Content, pki.EcSigner, pki.EcRecipient);
        var validator = pki.ValidatorWithCrls(
            CmsPki.Crl(pki.Intermediate, pki.Now, pki.EcSigner.Certificate), CmsPki.Crl(pki.Root, pki.Now));
        Assert.Equal(
            ReasonCode.Revoked,
            Rejections.ReasonOf(() => CmsEnvelope.Open(envelope, pki.EcRecipientKey, validator, pki.Now, int.MaxValue)));
    }

    [Fact]
    public void Crls_present_but_none_covering_the_intermediate_is_revocation_unknown()
    {
        var envelope = pki.Seal(Content, pki.EcSigner, pki.EcRecipient);
        var validator = pki.ValidatorWithCrls(CmsPki.Crl(pki.Intermediate, pki.Now));
        Assert.Equal(
            ReasonCode.RevocationUnknown,
            Rejections.ReasonOf(() => CmsEnvelope.Open(envelope, pki.EcRecipientKey, validator, pki.Now, int.MaxValue)));
    }

    private byte[] TwoRecipientEnvelope() => pki.Seal(Content, pki.EcSigner, pki.EcRecipient, pki.RsaRecipient);

    private ReasonCode ReasonAfterFlip(byte[] envelope, int offset, int bit, RecipientKey recipient)
    {
        var mutated = (byte[])envelope.Clone();
        mutated[offset] ^= (byte)(1 << bit);
        return Rejections.ReasonOf(() => pki.Open(mutated, recipient));
    }

    /// <summary>An envelope from <see cref="AuthEnvelopedDataWriter"/> re-encrypted under its own key and nonce with a GCM tag of <paramref name="tagLength"/> bytes.</summary>
    private byte[] EnvelopeWithTagLength(int tagLength, ShortTag? variant)
    {
        var signed = SignedDataWriter.Write(Content, pki.EcSigner.Certificate, pki.EcSigner.Key, [pki.Intermediate], pki.Now);
        var tree = DerNode.Parse(AuthEnvelopedDataWriter.Write(signed, [pki.EcRecipient.Certificate]));
        var key = UnwrapContentKey(tree);
        var parameters = CmsLayout.GcmParameters(tree);
        var ciphertext = new byte[signed.Length];
        var tag = new byte[tagLength];
        using (var gcm = new AesGcm(key, tag.Length))
        {
            gcm.Encrypt(parameters.Children[0].Content, signed, ciphertext, tag);
        }

        CmsLayout.Ciphertext(tree).Content = ciphertext;
        CmsLayout.Mac(tree).Content = tag;
        switch (variant)
        {
            case ShortTag.IcvLen12AndTwelveByteTag:
                parameters.Children[1].Content = [12];
                break;
            case ShortTag.IcvLenAbsentAndTwelveByteTag:
                parameters.Children.RemoveAt(1);
                break;
            default:
                Assert.Equal([16], parameters.Children[1].Content);
                break;
        }

        return tree.Encode();
    }

    /// <summary>The content-encryption key, recovered with the EC recipient's key (the test knows it).</summary>
    private byte[] UnwrapContentKey(DerNode envelope)
    {
        var ecdh = (ECDiffieHellman)pki.EcRecipient.Key;
        var kari = CmsLayout.RecipientInfos(envelope).Children.Single();
        var originatorKey = kari.Children[1].Children[0];
        var point = originatorKey.Children[1].Content[1..];
        using var ephemeral = ECDiffieHellman.Create(new ECParameters
        {
            Curve = ECCurve.NamedCurves.nistP256,
            Q = new ECPoint { X = point[1..33], Y = point[33..] },
        });
        var kek = EcdhKek.Derive(ecdh, ephemeral.PublicKey, default);
        return AesKeyWrap.Unwrap(kek, CmsLayout.EcWrappedKey(envelope).Content) ?? throw new InvalidOperationException("unwrap failed");
    }

    /// <summary>A SignedData from <see cref="SignedDataWriter"/> whose ECDSA signature has s ≥ 2^255 (encoded with a leading 0x00).</summary>
    private (byte[] Signed, byte[] Signature) SignedDataWithHighS(ECDsa key)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var signed = SignedDataWriter.Write(Content, pki.EcSigner.Certificate, key, [pki.Intermediate], pki.Now);
            var signature = CmsLayout.Signature(DerNode.Parse(signed)).Content;
            if (ReadIntegers(signature).S[0] == 0x00)
            {
                return (signed, signature);
            }
        }

        throw new InvalidOperationException("no signature with a high s in 200 attempts");
    }

    private static byte[] SignatureWithHighS(ECDsa key, byte[] data)
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var signature = key.SignData(data, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
            if (ReadIntegers(signature).S[0] == 0x00)
            {
                return signature;
            }
        }

        throw new InvalidOperationException("no signature with a high s in 200 attempts");
    }

    private static (byte[] R, byte[] S) ReadIntegers(byte[] signature)
    {
        var sequence = new AsnReader(signature, AsnEncodingRules.DER).ReadSequence();
        return (sequence.ReadIntegerBytes().ToArray(), sequence.ReadIntegerBytes().ToArray());
    }

    /// <summary>SEQUENCE { INTEGER r, INTEGER s } written by hand (all lengths are short here).</summary>
    private static byte[] Signature(byte[] r, byte[] s)
    {
        byte[] body = [0x02, (byte)r.Length, .. r, 0x02, (byte)s.Length, .. s];
        return [0x30, (byte)body.Length, .. body];
    }

    private static byte[] WithLeadingZeroInR(byte[] signature)
    {
        var (r, s) = ReadIntegers(signature);
        return Signature([0x00, .. r], s);
    }

    private static byte[] WithLongFormLength(byte[] signature) => [0x30, 0x81, .. signature[1..]];

    /// <summary>Wycheproof's "MissingZero": s ≥ 2^255 written without its 0x00, i.e. as a negative INTEGER.</summary>
    private static byte[] WithoutLeadingZeroInS(byte[] signature)
    {
        var (r, s) = ReadIntegers(signature);
        Assert.Equal(0x00, s[0]);
        return Signature(r, s[1..]);
    }

    /// <summary><paramref name="depth"/> nested definite-length SEQUENCE headers around <paramref name="inner"/>.</summary>
    private static byte[] NestedSequences(int depth, byte[] inner)
    {
        var lengths = new int[depth + 1];
        lengths[0] = inner.Length;
        for (var i = 1; i <= depth; i++)
        {
            lengths[i] = lengths[i - 1] + HeaderLength(lengths[i - 1]);
        }

        var output = new byte[lengths[depth]];
        var position = 0;
        for (var i = depth - 1; i >= 0; i--)
        {
            var header = HeaderBytes(lengths[i]);
            header.CopyTo(output, position);
            position += header.Length;
        }

        inner.CopyTo(output, position);
        return output;
    }

    private static byte[] AuthEnvelopedContentInfo(byte[] inner)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier("1.2.840.113549.1.9.16.1.23");
            using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)))
            {
                writer.WriteEncodedValue(inner);
            }
        }

        return writer.Encode();
    }

    private static int HeaderLength(int contentLength) => HeaderBytes(contentLength).Length;

    private static byte[] HeaderBytes(int contentLength) => [0x30, .. LengthOctets(contentLength)];

    private static byte[] LengthOctets(int length)
    {
        if (length < 0x80)
        {
            return [(byte)length];
        }

        var bytes = new List<byte>();
        for (var rest = length; rest > 0; rest >>= 8)
        {
            bytes.Insert(0, (byte)rest);
        }

        return [(byte)(0x80 | bytes.Count), .. bytes];
    }
}
