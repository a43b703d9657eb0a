using System.Buffers.Binary;
using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CrossBorder.Core.Envelopes.Cms;

namespace CrossBorder.Conformance.Envelopes;

/// <summary>
/// Encrypts a plaintext as Core's sealing code does — ContentInfo(AuthEnvelopedData), AES-256-GCM,
/// ECDH-ES P-256 with the SHA-256 KDF for EC recipients, RSAES-OAEP SHA-256 for RSA ones — or off
/// the profile as <see cref="EnvelopeKnobs"/> says, with the same primitives (Core's KDF and key
/// wrap) wherever the profile's are used.
/// </summary>
internal static class EnvelopeForge
{
    private static readonly Asn1Tag Explicit0 = new(TagClass.ContextSpecific, 0, true);
    private static readonly Asn1Tag Implicit0 = new(TagClass.ContextSpecific, 0, true);
    private static readonly Asn1Tag Implicit0Primitive = new(TagClass.ContextSpecific, 0);
    private static readonly Asn1Tag Implicit1 = new(TagClass.ContextSpecific, 1, true);
    private static readonly Asn1Tag Implicit2 = new(TagClass.ContextSpecific, 2, true);
    private static readonly Asn1Tag KeyAgreeTag = new(TagClass.ContextSpecific, 1, true);
    private static readonly Asn1Tag OriginatorKeyTag = new(TagClass.ContextSpecific, 1, true);
    private static readonly Asn1Tag UkmTag = new(TagClass.ContextSpecific, 1, true);

    /// <summary>Encrypts to every certificate of <paramref name="recipients"/>; <paramref name="originator"/> fills originatorInfo when the knobs ask for it.</summary>
    public static byte[] Write(ReadOnlySpan<byte> plaintext, IReadOnlyList<X509Certificate2> recipients, X509Certificate2 originator, EnvelopeKnobs knobs)
    {
        ArgumentNullException.ThrowIfNull(recipients);
        ArgumentNullException.ThrowIfNull(originator);
        ArgumentNullException.ThrowIfNull(knobs);
        if (recipients.Count == 0)
        {
            throw new ArgumentException("at least one recipient is required", nameof(recipients));
        }

        var key = RandomNumberGenerator.GetBytes(32);
        try
        {
            var der = knobs.EnvelopedData
                ? EnvelopedData(plaintext, recipients, key, knobs)
                : AuthEnvelopedData(plaintext, recipients, originator, key, knobs);
            return knobs.NonMinimalLength ? BerLengths.NonMinimal(der) : der;
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    private static byte[] AuthEnvelopedData(ReadOnlySpan<byte> plaintext, IReadOnlyList<X509Certificate2> recipients, X509Certificate2 originator, byte[] key, EnvelopeKnobs knobs)
    {
        var authAttributes = knobs.AuthAttributes ? ContentTypeAttributes() : null;
        var (algorithm, ciphertext, mac) = knobs.ContentEncryption switch
        {
            CmsOids.Aes256Gcm => Gcm(key, plaintext, authAttributes),
            CmsOids.Aes256Cbc => Cbc(key, plaintext, RandomNumberGenerator.GetBytes(16)),
            _ => throw new InvalidOperationException($"the forge does not encrypt with {knobs.ContentEncryption}"),
        };

        var writer = new AsnWriter(AsnEncodingRules.DER, initialCapacity: plaintext.Length + 2048);
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(CmsOids.AuthEnvelopedData);
            using (writer.PushSequence(Explicit0))
            using (writer.PushSequence())
            {
                writer.WriteInteger(knobs.Version);
                if (knobs.OptionalParts)
                {
                    using (writer.PushSequence(Implicit0))
                    using (writer.PushSetOf(Implicit0))
                    {
                        writer.WriteEncodedValue(originator.RawData);
                    }
                }

                WriteRecipientInfos(writer, recipients, key, knobs);
                WriteEncryptedContentInfo(writer, knobs.EncryptedContentType, algorithm, ciphertext);
                if (authAttributes is not null)
                {
                    var implicitAttributes = (byte[])authAttributes.Clone();
                    implicitAttributes[0] = 0xA1;
                    writer.WriteEncodedValue(implicitAttributes);
                }

                writer.WriteOctetString(mac);
                if (knobs.OptionalParts)
                {
                    using (writer.PushSetOf(Implicit2))
                    using (writer.PushSequence())
                    {
                        writer.WriteObjectIdentifier(SignedDataForge.UnknownAttribute);
                        using (writer.PushSetOf())
                        {
                            writer.WriteOctetString([0x01]);
                        }
                    }
                }
            }
        }

        return writer.Encode();
    }

    /// <summary>RFC 5652 section 6 with AES-256-CBC: what <c>openssl cms -encrypt -aes256</c> writes.</summary>
    private static byte[] EnvelopedData(ReadOnlySpan<byte> plaintext, IReadOnlyList<X509Certificate2> recipients, byte[] key, EnvelopeKnobs knobs)
    {
        var (algorithm, ciphertext, _) = Cbc(key, plaintext, RandomNumberGenerator.GetBytes(16));
        var writer = new AsnWriter(AsnEncodingRules.DER, initialCapacity: plaintext.Length + 2048);
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(CmsOids.EnvelopedData);
            using (writer.PushSequence(Explicit0))
            using (writer.PushSequence())
            {
                // RFC 5652 6.1: 0 when every recipient info is version 0 (key transport), else 2.
                writer.WriteInteger(recipients.All(r => r.GetRSAPublicKey() is not null) ? 0 : 2);
                WriteRecipientInfos(writer, recipients, key, knobs);
                WriteEncryptedContentInfo(writer, knobs.EncryptedContentType, algorithm, ciphertext);
            }
        }

        return writer.Encode();
    }

    private static (Action<AsnWriter> Algorithm, byte[] Ciphertext, byte[] Mac) Gcm(byte[] key, ReadOnlySpan<byte> plaintext, byte[]? associatedData)
    {
        var nonce = RandomNumberGenerator.GetBytes(12);
        var ciphertext = new byte[plaintext.Length];
        var tag = new byte[16];
        using (var gcm = new AesGcm(key, tag.Length))
        {
            gcm.Encrypt(nonce, plaintext, ciphertext, tag, associatedData);
        }

        return (writer =>
        {
            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier(CmsOids.Aes256Gcm);
                using (writer.PushSequence())
                {
                    writer.WriteOctetString(nonce);
                    writer.WriteInteger(tag.Length);
                }
            }
        }, ciphertext, tag);
    }

    /// <summary>AES-256-CBC with PKCS#7 padding; the "mac" is random, as CBC has none.</summary>
    private static (Action<AsnWriter> Algorithm, byte[] Ciphertext, byte[] Mac) Cbc(byte[] key, ReadOnlySpan<byte> plaintext, byte[] iv)
    {
        using var aes = Aes.Create();
        aes.Key = key;
        var ciphertext = aes.EncryptCbc(plaintext, iv, PaddingMode.PKCS7);
        return (writer =>
        {
            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier(CmsOids.Aes256Cbc);
                writer.WriteOctetString(iv);
            }
        }, ciphertext, RandomNumberGenerator.GetBytes(16));
    }

    private static void WriteEncryptedContentInfo(AsnWriter writer, string contentType, Action<AsnWriter> algorithm, byte[] ciphertext)
    {
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(contentType);
            algorithm(writer);
            writer.WriteOctetString(ciphertext, Implicit0Primitive);
        }
    }

    /// <summary>authAttrs as RFC 5083 would have them: a content-type attribute, DER SET (the GCM additional data).</summary>
    private static byte[] ContentTypeAttributes()
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSetOf())
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(CmsOids.ContentTypeAttribute);
            using (writer.PushSetOf())
            {
                writer.WriteObjectIdentifier(CmsOids.Data);
            }
        }

        return writer.Encode();
    }

    private static void WriteRecipientInfos(AsnWriter writer, IReadOnlyList<X509Certificate2> recipients, byte[] key, EnvelopeKnobs knobs)
    {
        using (writer.PushSetOf())
        {
            foreach (var recipient in recipients)
            {
                using var rsa = recipient.GetRSAPublicKey();
                if (rsa is not null)
                {
                    KeyTransport(writer, recipient, rsa, key, knobs.KeyTransport);
                }
                else
                {
                    KeyAgreement(writer, recipient, key, knobs);
                }
            }
        }
    }

    private static void KeyTransport(AsnWriter writer, X509Certificate2 recipient, RSA rsa, byte[] key, ForgedKeyTransport how)
    {
        using (writer.PushSequence())
        {
            writer.WriteInteger(0);
            SignerIdentifiers.WriteIssuerAndSerial(writer, recipient);
            switch (how)
            {
                case ForgedKeyTransport.OaepSha256:
                    OaepParameters.Write(writer);
                    writer.WriteOctetString(rsa.Encrypt(key, RSAEncryptionPadding.OaepSHA256));
                    break;
                case ForgedKeyTransport.Pkcs1:
                    using (writer.PushSequence())
                    {
                        writer.WriteObjectIdentifier(CmsOids.RsaEncryption);
                        writer.WriteNull();
                    }

                    writer.WriteOctetString(rsa.Encrypt(key, RSAEncryptionPadding.Pkcs1));
                    break;
                case ForgedKeyTransport.OaepDefaults:
                    using (writer.PushSequence())
                    {
                        writer.WriteObjectIdentifier(CmsOids.RsaOaep);
                        writer.WriteEncodedValue([0x30, 0x00]);
                    }

                    writer.WriteOctetString(rsa.Encrypt(key, RSAEncryptionPadding.OaepSHA1));
                    break;
                default:
                    throw new ArgumentOutOfRangeException(nameof(how), how, null);
            }
        }
    }

    private static void KeyAgreement(AsnWriter writer, X509Certificate2 recipient, byte[] key, EnvelopeKnobs knobs)
    {
        using var recipientKey = recipient.GetECDiffieHellmanPublicKey() ?? throw new InvalidOperationException("recipient key is neither RSA nor EC");
        using var ephemeral = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        var ukm = knobs.Ukm ?? [];
        var kek = knobs.Sha1Kdf ? Sha1Kek(ephemeral, recipientKey.PublicKey, ukm) : EcdhKek.Derive(ephemeral, recipientKey.PublicKey, ukm);
        var wrapped = AesKeyWrap.Wrap(kek, key);
        CryptographicOperations.ZeroMemory(kek);
        var point = ephemeral.ExportParameters(false).Q;

        using (writer.PushSequence(KeyAgreeTag))
        {
            writer.WriteInteger(3);
            using (writer.PushSequence(Explicit0))
            using (writer.PushSequence(OriginatorKeyTag))
            {
                AlgorithmIdentifier.Write(writer, CmsOids.EcPublicKey);
                writer.WriteBitString([0x04, .. point.X!, .. point.Y!]);
            }

            if (knobs.Ukm is not null)
            {
                using (writer.PushSequence(UkmTag))
                {
                    writer.WriteOctetString(knobs.Ukm);
                }
            }

            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier(knobs.Sha1Kdf ? CmsOids.EcdhSha1Kdf : CmsOids.EcdhSha256Kdf);
                AlgorithmIdentifier.Write(writer, CmsOids.Aes256Wrap);
            }

            using (writer.PushSequence())
            using (writer.PushSequence())
            {
                SignerIdentifiers.WriteIssuerAndSerial(writer, recipient);
                writer.WriteOctetString(wrapped);
            }
        }
    }

    /// <summary>The X9.63 KDF with SHA-1 (dhSinglePass-stdDH-sha1kdf-scheme): two blocks, cut to 256 bits, over the same SharedInfo.</summary>
    private static byte[] Sha1Kek(ECDiffieHellman ours, ECDiffieHellmanPublicKey theirs, ReadOnlySpan<byte> ukm)
    {
        var sharedInfo = EcdhKek.SharedInfo(ukm);
        var kek = new byte[32];
        for (var counter = 1; counter <= 2; counter++)
        {
            var append = new byte[4 + sharedInfo.Length];
            BinaryPrimitives.WriteInt32BigEndian(append, counter);
            sharedInfo.CopyTo(append, 4);
            var block = ours.DeriveKeyFromHash(theirs, HashAlgorithmName.SHA1, null, append);
            block.AsSpan(0, Math.Min(block.Length, 32 - ((counter - 1) * 20))).CopyTo(kek.AsSpan((counter - 1) * 20));
            CryptographicOperations.ZeroMemory(block);
        }

        return kek;
    }
}
