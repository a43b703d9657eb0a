using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CrossBorder.Core.Envelopes.Cms;

/// <summary>
/// Parses a DER ContentInfo(AuthEnvelopedData), finds the recipient info addressed to our
/// certificate, checks the algorithms it uses against the profile, and decrypts. Every
/// decryption failure (key unwrap, key transport, tag) reads the same: DECRYPT_FAILED.
/// </summary>
internal static class AuthEnvelopedDataReader
{
    private static readonly Asn1Tag Explicit0 = new(TagClass.ContextSpecific, 0, true);
    private static readonly Asn1Tag Constructed0 = new(TagClass.ContextSpecific, 0, true);
    private static readonly Asn1Tag Constructed1 = new(TagClass.ContextSpecific, 1, true);
    private static readonly Asn1Tag Constructed2 = new(TagClass.ContextSpecific, 2, true);
    private static readonly Asn1Tag Primitive0 = new(TagClass.ContextSpecific, 0);

    public static byte[] Decrypt(ReadOnlyMemory<byte> encoded, RecipientKey recipient) => Decrypt(encoded, [recipient]);

    /// <summary>Decrypts with whichever of our keys (a rollover ring) a recipient info is addressed to.</summary>
    public static byte[] Decrypt(ReadOnlyMemory<byte> encoded, IReadOnlyList<RecipientKey> recipients)
    {
        try
        {
            return Read(encoded, recipients);
        }
        catch (AsnContentException)
        {
            throw CmsFailure.Malformed("AuthEnvelopedData");
        }
    }

    private static byte[] Read(ReadOnlyMemory<byte> encoded, IReadOnlyList<RecipientKey> recipients)
    {
        var outer = new AsnReader(encoded, AsnEncodingRules.DER);
        var contentInfo = outer.ReadSequence();
        outer.ThrowIfNotEmpty();
        var contentType = contentInfo.ReadObjectIdentifier();
        if (contentType == CmsOids.EnvelopedData)
        {
            throw CmsFailure.Refused("EnvelopedData (CBC content encryption without authentication)");
        }

        if (contentType != CmsOids.AuthEnvelopedData)
        {
            throw CmsFailure.Malformed("envelope (not an AuthEnvelopedData)");
        }

        var envelope = contentInfo.ReadSequence(Explicit0).ReadSequence();
        contentInfo.ThrowIfNotEmpty();
        CmsFailure.RequireVersion(envelope, 0, "AuthEnvelopedData");
        if (envelope.PeekTag().HasSameClassAndValue(Constructed0))
        {
            _ = envelope.ReadEncodedValue(); // originatorInfo: certificates we do not need
        }

        var recipientInfos = envelope.ReadSetOf();
        var (nonce, ciphertext) = ReadEncryptedContent(envelope.ReadSequence());
        if (envelope.PeekTag().HasSameClassAndValue(Constructed1))
        {
            throw CmsFailure.Refused("authenticated attributes");
        }

        var tag = envelope.ReadOctetString();
        if (envelope.HasData)
        {
            _ = envelope.ReadSetOf(Constructed2); // unauthenticated attributes
        }

        envelope.ThrowIfNotEmpty();
        if (tag.Length != 16)
        {
            throw CmsFailure.Refused("GCM tag shorter than 16 bytes");
        }

        var key = UnwrapContentKey(recipientInfos, recipients);
        try
        {
            return CmsPrimitives.AesGcmDecrypt(key, nonce, ciphertext.Span, tag, default) ?? throw CmsFailure.DecryptFailed("AES-GCM authentication failed");
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    private static (byte[] Nonce, ReadOnlyMemory<byte> Ciphertext) ReadEncryptedContent(AsnReader info)
    {
        var type = info.ReadObjectIdentifier();
        if (type is not (CmsOids.Data or CmsOids.SignedData))
        {
            throw CmsFailure.Malformed("encrypted content type");
        }

        var algorithm = AlgorithmIdentifier.Read(info);
        if (algorithm.Oid != CmsOids.Aes256Gcm)
        {
            throw CmsFailure.Refused($"content encryption {algorithm.Oid}");
        }

        if (algorithm.Parameters is null)
        {
            throw CmsFailure.Malformed("GCM parameters");
        }

        var parameters = new AsnReader(algorithm.Parameters.Value, AsnEncodingRules.DER).ReadSequence();
        var nonce = parameters.ReadOctetString();
        var tagLength = 12;
        if (parameters.HasData && !parameters.TryReadInt32(out tagLength))
        {
            throw CmsFailure.Malformed("GCM parameters");
        }

        parameters.ThrowIfNotEmpty();
        if (tagLength != 16)
        {
            throw CmsFailure.Refused("GCM tag shorter than 16 bytes");
        }

        if (nonce.Length != 12)
        {
            throw CmsFailure.Refused("GCM nonce other than 12 bytes");
        }

        if (!info.HasData || !info.TryReadPrimitiveOctetString(out var ciphertext, Primitive0))
        {
            throw CmsFailure.Malformed("encrypted content");
        }

        info.ThrowIfNotEmpty();
        return (nonce, ciphertext);
    }

    private static byte[] UnwrapContentKey(AsnReader recipientInfos, IReadOnlyList<RecipientKey> recipients)
    {
        while (recipientInfos.HasData)
        {
            var tag = recipientInfos.PeekTag();
            Func<AsnReader, RecipientKey, byte[]?>? unwrap =
                tag.HasSameClassAndValue(Asn1Tag.Sequence) ? TryKeyTransport
                : tag.HasSameClassAndValue(Constructed1) ? TryKeyAgreement
                : null;
            if (unwrap is null)
            {
                _ = recipientInfos.ReadEncodedValue(); // KEK, password and other recipient kinds are never ours
                continue;
            }

            var info = recipientInfos.ReadSequence(tag);
            foreach (var recipient in recipients)
            {
                if (unwrap(info.Clone(), recipient) is { } key)
                {
                    return key;
                }
            }
        }

        throw CmsFailure.NotARecipient();
    }

    private static byte[]? TryKeyTransport(AsnReader info, RecipientKey recipient)
    {
        var version = info.ReadInteger();
        var bySubjectKeyIdentifier = info.PeekTag().HasSameClassAndValue(SignerIdentifiers.SubjectKeyIdentifierTag);
        if (version != (bySubjectKeyIdentifier ? 2 : 0))
        {
            throw CmsFailure.Malformed("KeyTransRecipientInfo (version does not match the recipient identifier)");
        }

        var isOurs = SignerIdentifiers.Read(info)(recipient.Certificate);
        var algorithm = AlgorithmIdentifier.Read(info);
        var encryptedKey = info.ReadOctetString();
        info.ThrowIfNotEmpty();
        if (!isOurs)
        {
            return null;
        }

        if (algorithm.Oid == CmsOids.RsaEncryption)
        {
            throw CmsFailure.Refused("RSA PKCS#1 v1.5 key transport");
        }

        if (algorithm.Oid != CmsOids.RsaOaep || !OaepParameters.AreProfile(algorithm.Parameters))
        {
            throw CmsFailure.Refused("key transport other than RSAES-OAEP SHA-256/MGF1-SHA-256");
        }

        var rsa = recipient.Rsa ?? throw CmsFailure.DecryptFailed("key transport recipient, but our key is not RSA");
        if (rsa.KeySize < 2048)
        {
            throw CmsFailure.Refused("RSA key shorter than 2048 bits");
        }

        return CheckKeyLength(CmsPrimitives.RsaOaepDecrypt(rsa, encryptedKey) ?? throw CmsFailure.DecryptFailed("RSA-OAEP key transport failed"));
    }

    private static byte[]? TryKeyAgreement(AsnReader info, RecipientKey recipient)
    {
        CmsFailure.RequireVersion(info, 3, "KeyAgreeRecipientInfo");
        var originator = info.ReadSequence(Explicit0);
        ReadOnlyMemory<byte>? originatorKey = null;
        if (originator.PeekTag().HasSameClassAndValue(Constructed1))
        {
            originatorKey = originator.ReadEncodedValue();
        }
        else
        {
            _ = originator.ReadEncodedValue();
        }

        originator.ThrowIfNotEmpty();
        byte[] ukm = [];
        if (info.PeekTag().HasSameClassAndValue(Constructed1))
        {
            var ukmReader = info.ReadSequence(Constructed1);
            ukm = ukmReader.ReadOctetString();
            ukmReader.ThrowIfNotEmpty();
        }

        var algorithm = AlgorithmIdentifier.Read(info);
        var encryptedKeys = info.ReadSequence();
        info.ThrowIfNotEmpty();

        byte[]? wrapped = null;
        while (encryptedKeys.HasData)
        {
            var entry = encryptedKeys.ReadSequence();
            var isOurs = ReadKeyAgreeRecipientIdentifier(entry)(recipient.Certificate);
            var key = entry.ReadOctetString();
            entry.ThrowIfNotEmpty();
            wrapped ??= isOurs ? key : null;
        }

        if (wrapped is null)
        {
            return null;
        }

        CheckKeyAgreementAlgorithm(algorithm);
        if (originatorKey is null)
        {
            throw CmsFailure.Refused("static-static ECDH (an ephemeral originator key is required)");
        }

        var ecdh = recipient.Ecdh ?? throw CmsFailure.DecryptFailed("key agreement recipient, but our key is not EC");
        using var ephemeral = ImportOriginatorKey(originatorKey.Value, ecdh);
        var kek = EcdhKek.Derive(ecdh, ephemeral.PublicKey, ukm);
        try
        {
            return CheckKeyLength(AesKeyWrap.Unwrap(kek, wrapped) ?? throw CmsFailure.DecryptFailed("AES key unwrap integrity check failed"));
        }
        finally
        {
            CryptographicOperations.ZeroMemory(kek);
        }
    }

    private static void CheckKeyAgreementAlgorithm(AlgorithmIdentifier algorithm)
    {
        if (algorithm.Oid == CmsOids.EcdhSha1Kdf)
        {
            throw CmsFailure.Refused("dhSinglePass-stdDH-sha1kdf-scheme");
        }

        if (algorithm.Oid != CmsOids.EcdhSha256Kdf || algorithm.Parameters is null)
        {
            throw CmsFailure.Refused($"key agreement {algorithm.Oid}");
        }

        var wrap = AlgorithmIdentifier.Read(new AsnReader(algorithm.Parameters.Value, AsnEncodingRules.DER));
        if (wrap.Oid != CmsOids.Aes256Wrap || !wrap.HasNoParameters)
        {
            throw CmsFailure.Refused($"key wrap {wrap.Oid}");
        }
    }

    private static ECDiffieHellman ImportOriginatorKey(ReadOnlyMemory<byte> encoded, ECDiffieHellman ours)
    {
        var reader = new AsnReader(encoded, AsnEncodingRules.DER).ReadSequence(Constructed1);
        var algorithm = AlgorithmIdentifier.Read(reader);
        var point = reader.ReadBitString(out var unused);
        reader.ThrowIfNotEmpty();
        if (algorithm.Oid != CmsOids.EcPublicKey || unused != 0)
        {
            throw CmsFailure.Malformed("originator public key");
        }

        if (!algorithm.HasNoParameters && !IsNamedCurve(algorithm.Parameters!.Value, ours.ExportParameters(false).Curve))
        {
            throw CmsFailure.Malformed("originator public key curve");
        }

        // Not a point on our curve: the same answer as any other failure to decrypt.
        return CmsPrimitives.ImportPeerPoint(ours, point) ?? throw CmsFailure.DecryptFailed("originator public key is not a point of our curve");
    }

    private static bool IsNamedCurve(ReadOnlyMemory<byte> parameters, ECCurve curve)
    {
        var reader = new AsnReader(parameters, AsnEncodingRules.DER);
        return reader.PeekTag().HasSameClassAndValue(Asn1Tag.ObjectIdentifier) && reader.ReadObjectIdentifier() == curve.Oid.Value;
    }

    private static Func<X509Certificate2, bool> ReadKeyAgreeRecipientIdentifier(AsnReader entry)
    {
        if (!entry.PeekTag().HasSameClassAndValue(Constructed0))
        {
            return SignerIdentifiers.Read(entry);
        }

        var keyIdentifier = entry.ReadSequence(Constructed0);
        var subjectKeyIdentifier = keyIdentifier.ReadOctetString();
        return certificate => certificate.Extensions.OfType<X509SubjectKeyIdentifierExtension>()
            .FirstOrDefault()?.SubjectKeyIdentifierBytes.Span.SequenceEqual(subjectKeyIdentifier) == true;
    }

    private static byte[] CheckKeyLength(byte[] key)
    {
        if (key.Length == 32)
        {
            return key;
        }

        CryptographicOperations.ZeroMemory(key);
        throw CmsFailure.DecryptFailed("content-encryption key is not 256 bits");
    }
}
