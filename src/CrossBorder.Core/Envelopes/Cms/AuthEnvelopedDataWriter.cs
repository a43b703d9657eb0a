using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CrossBorder.Core.Envelopes.Cms;

/// <summary>
/// Writes DER ContentInfo(AuthEnvelopedData) (RFC 5083/5084): AES-256-GCM with a fresh key and
/// 12-byte nonce, 16-byte tag, content labelled id-data, no authenticated attributes — as
/// OpenSSL writes it. One recipient info per certificate: ECDH-ES P-256 with the SHA-256 KDF
/// and AES-256 key wrap for EC certificates, RSAES-OAEP SHA-256 for RSA certificates.
/// </summary>
internal static class AuthEnvelopedDataWriter
{
    private static readonly Asn1Tag Explicit0 = new(TagClass.ContextSpecific, 0, true);
    private static readonly Asn1Tag Implicit0Primitive = new(TagClass.ContextSpecific, 0);
    private static readonly Asn1Tag KeyAgreeTag = new(TagClass.ContextSpecific, 1, true);
    private static readonly Asn1Tag OriginatorKeyTag = new(TagClass.ContextSpecific, 1, true);

    public static byte[] Write(ReadOnlySpan<byte> plaintext, IReadOnlyList<X509Certificate2> recipients)
    {
        if (recipients.Count == 0)
        {
            throw new ArgumentException("at least one recipient is required", nameof(recipients));
        }

        var key = RandomNumberGenerator.GetBytes(32);
        var nonce = RandomNumberGenerator.GetBytes(12);
        var ciphertext = new byte[plaintext.Length];
        var tag = new byte[16];
        try
        {
            using (var gcm = new AesGcm(key, tag.Length))
            {
                gcm.Encrypt(nonce, plaintext, ciphertext, tag);
            }

            var writer = new AsnWriter(AsnEncodingRules.DER, initialCapacity: plaintext.Length + 1024);
            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier(CmsOids.AuthEnvelopedData);
                using (writer.PushSequence(Explicit0))
                using (writer.PushSequence())
                {
                    writer.WriteInteger(0);
                    using (writer.PushSetOf())
                    {
                        foreach (var recipient in recipients)
                        {
                            WriteRecipient(writer, recipient, key);
                        }
                    }

                    using (writer.PushSequence())
                    {
                        writer.WriteObjectIdentifier(CmsOids.Data);
                        using (writer.PushSequence())
                        {
                            writer.WriteObjectIdentifier(CmsOids.Aes256Gcm);
                            using (writer.PushSequence())
                            {
                                writer.WriteOctetString(nonce);
                                writer.WriteInteger(tag.Length);
                            }
                        }

                        writer.WriteOctetString(ciphertext, Implicit0Primitive);
                    }

                    writer.WriteOctetString(tag);
                }
            }

            return writer.Encode();
        }
        finally
        {
            CryptographicOperations.ZeroMemory(key);
        }
    }

    private static void WriteRecipient(AsnWriter writer, X509Certificate2 recipient, byte[] key)
    {
        using var rsa = recipient.GetRSAPublicKey();
        if (rsa is not null)
        {
            if (rsa.KeySize < 2048)
            {
                throw CmsFailure.Refused("RSA recipient key shorter than 2048 bits");
            }

            using (writer.PushSequence())
            {
                writer.WriteInteger(0);
                SignerIdentifiers.WriteIssuerAndSerial(writer, recipient);
                OaepParameters.Write(writer);
                writer.WriteOctetString(rsa.Encrypt(key, RSAEncryptionPadding.OaepSHA256));
            }

            return;
        }

        using var recipientKey = recipient.PublicKey.Oid.Value == CmsOids.EcPublicKey ? recipient.GetECDiffieHellmanPublicKey() : null;
        if (recipientKey is null || recipientKey.ExportParameters(false).Curve.Oid.Value != CmsOids.NistP256)
        {
            throw CmsFailure.Refused("recipient key other than RSA or EC P-256");
        }

        using var ephemeral = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        var kek = EcdhKek.Derive(ephemeral, recipientKey.PublicKey, default);
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

            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier(CmsOids.EcdhSha256Kdf);
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
}
