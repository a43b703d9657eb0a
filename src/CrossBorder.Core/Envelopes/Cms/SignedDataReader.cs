using System.Formats.Asn1;
using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CrossBorder.Core.Certificates;

namespace CrossBorder.Core.Envelopes.Cms;

/// <summary>
/// Parses a DER ContentInfo(SignedData) with attached id-data content and exactly one signer,
/// and verifies the signature under the crypto profile. Path validation is the caller's.
/// Content is returned as a slice of the input: nothing is copied.
/// </summary>
internal static class SignedDataReader
{
    /// <summary>
    /// The most certificates taken from a SignedData. A signer needs its own certificate and at most
    /// the CAs between it and the anchor (the dev federation: leaf and participant CA); every further
    /// one is untrusted path-building material that costs parsing and signature checks before the
    /// signer is authenticated, so more than this is refused before any of them is parsed.
    /// </summary>
    public const int MaxCertificates = Trust.PathValidation.PathLimits.MaxPresentedCertificates;

    private static readonly Asn1Tag Explicit0 = new(TagClass.ContextSpecific, 0, isConstructed: true);
    private static readonly Asn1Tag Implicit0 = new(TagClass.ContextSpecific, 0, isConstructed: true);
    private static readonly Asn1Tag Implicit1 = new(TagClass.ContextSpecific, 1, isConstructed: true);

    public static SignedContent ReadAndVerify(ReadOnlyMemory<byte> encoded)
    {
        try
        {
            return Read(encoded);
        }
        catch (AsnContentException)
        {
            throw CmsFailure.Malformed("SignedData");
        }
    }

    private static SignedContent Read(ReadOnlyMemory<byte> encoded)
    {
        var outer = new AsnReader(encoded, AsnEncodingRules.DER);
        var contentInfo = outer.ReadSequence();
        outer.ThrowIfNotEmpty();
        if (contentInfo.ReadObjectIdentifier() != CmsOids.SignedData)
        {
            throw CmsFailure.Malformed("signed content (not a SignedData)");
        }

        var signedData = contentInfo.ReadSequence(Explicit0).ReadSequence();
        contentInfo.ThrowIfNotEmpty();
        var version = signedData.ReadInteger();
        _ = signedData.ReadSetOf();

        var encapsulated = signedData.ReadSequence();
        if (encapsulated.ReadObjectIdentifier() != CmsOids.Data || !encapsulated.HasData)
        {
            throw CmsFailure.Malformed("SignedData content (expected attached id-data)");
        }

        var eContent = encapsulated.ReadSequence(Explicit0);
        if (!eContent.TryReadPrimitiveOctetString(out var content))
        {
            throw CmsFailure.Malformed("SignedData content");
        }

        eContent.ThrowIfNotEmpty();
        encapsulated.ThrowIfNotEmpty();

        var certificates = new X509Certificate2Collection();
        if (signedData.PeekTag().HasSameClassAndValue(Implicit0))
        {
            var set = signedData.ReadSetOf(Implicit0);
            var choices = new List<ReadOnlyMemory<byte>>();
            while (set.HasData)
            {
                choices.Add(set.ReadEncodedValue());
                if (choices.Count > MaxCertificates)
                {
                    throw CmsFailure.TooManyCertificates(MaxCertificates);
                }
            }

            foreach (var choice in choices.Where(c => c.Span[0] == 0x30))
            {
                certificates.Add(LoadCertificate(choice));
            }
        }

        if (signedData.PeekTag().HasSameClassAndValue(Implicit1))
        {
            _ = signedData.ReadEncodedValue();
        }

        var signerInfos = signedData.ReadSetOf();
        signedData.ThrowIfNotEmpty();
        var signerInfo = signerInfos.ReadSequence();
        if (signerInfos.HasData)
        {
            throw CmsFailure.Malformed("SignedData (exactly one signer is allowed)");
        }

        // RFC 5652 5.1: version 1 with id-data content and v1 signers, 3 when the signer is named by key identifier.
        var signerVersion = signerInfo.Clone().ReadInteger();
        if (version != signerVersion)
        {
            throw CmsFailure.Malformed("SignedData (version does not match its signer)");
        }

        return VerifySigner(signerInfo, content, certificates);
    }

    private static SignedContent VerifySigner(AsnReader signerInfo, ReadOnlyMemory<byte> content, X509Certificate2Collection certificates)
    {
        var version = signerInfo.ReadInteger();
        var bySubjectKeyIdentifier = signerInfo.PeekTag().HasSameClassAndValue(SignerIdentifiers.SubjectKeyIdentifierTag);
        if (version != (bySubjectKeyIdentifier ? 3 : 1))
        {
            throw CmsFailure.Malformed("SignerInfo (version does not match the signer identifier)");
        }

        var matches = SignerIdentifiers.Read(signerInfo);
        var digestAlgorithm = AlgorithmIdentifier.Read(signerInfo);
        if (digestAlgorithm.Oid != CmsOids.Sha256 || !digestAlgorithm.HasNoParameters)
        {
            throw CmsFailure.Refused($"digest algorithm {digestAlgorithm.Oid}");
        }

        if (!signerInfo.PeekTag().HasSameClassAndValue(Implicit0))
        {
            throw CmsFailure.Malformed("SignerInfo (signed attributes are required)");
        }

        var attributesEncoded = signerInfo.ReadEncodedValue();
        var signatureAlgorithm = AlgorithmIdentifier.Read(signerInfo);
        var signature = signerInfo.ReadOctetString();
        if (signerInfo.HasData)
        {
            _ = signerInfo.ReadEncodedValue(); // unsigned attributes carry nothing we use
        }

        signerInfo.ThrowIfNotEmpty();

        var signer = certificates.FirstOrDefault(matches)
            ?? throw CmsFailure.BadSignature("the signer certificate is not in the SignedData");
        var signingTime = CheckAttributes(attributesEncoded, content.Span);

        // The signature covers the attributes re-tagged as a universal SET.
        var signedBytes = attributesEncoded.ToArray();
        signedBytes[0] = 0x31;
        VerifySignature(signer, signatureAlgorithm, signedBytes, signature);
        return new SignedContent(content, signer, certificates, signingTime);
    }

    private static DateTimeOffset CheckAttributes(ReadOnlyMemory<byte> encoded, ReadOnlySpan<byte> content)
    {
        var attributes = new AsnReader(encoded, AsnEncodingRules.DER).ReadSetOf(Implicit0);
        byte[]? digest = null;
        string? contentType = null;
        DateTimeOffset? signingTime = null;
        var seen = new HashSet<string>(StringComparer.Ordinal);
        while (attributes.HasData)
        {
            var attribute = attributes.ReadSequence();
            var type = attribute.ReadObjectIdentifier();
            var values = attribute.ReadSetOf();
            attribute.ThrowIfNotEmpty();
            if (!seen.Add(type))
            {
                throw CmsFailure.Malformed("signed attributes (duplicate attribute)");
            }

            switch (type)
            {
                case CmsOids.ContentTypeAttribute:
                    contentType = values.ReadObjectIdentifier();
                    break;
                case CmsOids.MessageDigestAttribute:
                    digest = values.ReadOctetString();
                    break;
                case CmsOids.SigningTimeAttribute:
                    signingTime = values.PeekTag().HasSameClassAndValue(Asn1Tag.UtcTime) ? values.ReadUtcTime() : values.ReadGeneralizedTime();
                    break;
                default:
                    continue;
            }

            values.ThrowIfNotEmpty();
        }

        if (contentType != CmsOids.Data || digest is null || signingTime is null)
        {
            throw CmsFailure.Malformed("signed attributes (content-type id-data, message-digest and signing-time are required)");
        }

        if (!CryptographicOperations.FixedTimeEquals(digest, SHA256.HashData(content)))
        {
            throw CmsFailure.BadSignature("the content does not match the signed message digest");
        }

        return signingTime.Value;
    }

    private static void VerifySignature(X509Certificate2 signer, AlgorithmIdentifier algorithm, byte[] signed, byte[] signature)
    {
        switch (algorithm.Oid)
        {
            case CmsOids.EcdsaWithSha256 when algorithm.Parameters is null:
                // The key as such: the certificate's key usage is the signer's purpose check (KEY_USAGE, after
                // the signature), not a reason to call a signature that verifies a bad one.
                using (var ecdsa = signer.PublicKey.GetECDsaPublicKey() ?? throw CmsFailure.BadSignature("signer key is not an ECDSA key"))
                {
                    if (ecdsa.ExportParameters(false).Curve.Oid.Value != CmsOids.NistP256)
                    {
                        throw CmsFailure.Refused("ECDSA curve other than P-256");
                    }

                    if (!CmsPrimitives.EcdsaVerify(ecdsa, signed, signature))
                    {
                        throw CmsFailure.BadSignature("the signature does not verify");
                    }
                }

                break;
            case CmsOids.RsaPss:
                if (!PssParameters.AreProfile(algorithm.Parameters))
                {
                    throw CmsFailure.Refused("RSASSA-PSS parameters other than SHA-256/MGF1-SHA-256/salt 32");
                }

                using (var rsa = signer.PublicKey.GetRSAPublicKey() ?? throw CmsFailure.BadSignature("signer key is not an RSA key"))
                {
                    if (rsa.KeySize < 2048)
                    {
                        throw CmsFailure.Refused("RSA key shorter than 2048 bits");
                    }

                    if (!CmsPrimitives.RsaPssVerify(rsa, signed, signature))
                    {
                        throw CmsFailure.BadSignature("the signature does not verify");
                    }
                }

                break;
            case CmsOids.RsaEncryption or CmsOids.Sha256WithRsa or CmsOids.Sha1WithRsa:
                throw CmsFailure.Refused("RSA PKCS#1 v1.5 message signature");
            case CmsOids.Dsa or CmsOids.DsaWithSha256:
                throw CmsFailure.Refused("DSA signature");
            case CmsOids.EcdsaWithSha1:
                throw CmsFailure.Refused("ECDSA with SHA-1");
            default:
                throw CmsFailure.Refused($"signature algorithm {algorithm.Oid}");
        }
    }

    /// <summary>
    /// Strict DER for ECDSA: both integers positive and minimal, nothing trailing, and the
    /// re-encoding of the parsed values identical to the input (.NET alone accepts some
    /// malformed encodings, such as a negative s).
    /// </summary>
    internal static bool IsStrictDerSignature(ReadOnlySpan<byte> signature)
    {
        try
        {
            var reader = new AsnReader(signature.ToArray(), AsnEncodingRules.DER);
            var sequence = reader.ReadSequence();
            var r = sequence.ReadInteger();
            var s = sequence.ReadInteger();
            sequence.ThrowIfNotEmpty();
            reader.ThrowIfNotEmpty();
            if (r <= BigInteger.Zero || s <= BigInteger.Zero)
            {
                return false;
            }

            var writer = new AsnWriter(AsnEncodingRules.DER);
            using (writer.PushSequence())
            {
                writer.WriteInteger(r);
                writer.WriteInteger(s);
            }

            return writer.Encode().AsSpan().SequenceEqual(signature);
        }
        catch (AsnContentException)
        {
            return false;
        }
    }

    private static X509Certificate2 LoadCertificate(ReadOnlyMemory<byte> der)
    {
        try
        {
            return CertificateCache.Load(der.Span);
        }
        catch (CryptographicException)
        {
            throw CmsFailure.Malformed("embedded certificate");
        }
    }
}
