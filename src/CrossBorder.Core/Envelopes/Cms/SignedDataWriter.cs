using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CrossBorder.Core.Envelopes.Cms;

/// <summary>
/// Writes DER ContentInfo(SignedData) with the content attached (id-data), one signer
/// identified by issuer and serial number, and the signed attributes content-type,
/// signing-time and message-digest. ECDSA P-256 with SHA-256, or RSASSA-PSS SHA-256/MGF1-SHA-256/salt 32.
/// </summary>
internal static class SignedDataWriter
{
    private static readonly Asn1Tag Explicit0 = new(TagClass.ContextSpecific, 0, isConstructed: true);
    private static readonly Asn1Tag Implicit0 = new(TagClass.ContextSpecific, 0, isConstructed: true);

    public static byte[] Write(
        ReadOnlySpan<byte> content,
        X509Certificate2 signerCertificate,
        AsymmetricAlgorithm signerKey,
        IEnumerable<X509Certificate2> extraCertificates,
        DateTimeOffset signingTime)
    {
        ArgumentNullException.ThrowIfNull(signerCertificate);
        var attributes = SignedAttributes(content, signingTime);
        var signature = signerKey switch
        {
            ECDsa ecdsa => ecdsa.SignData(attributes, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence),
            RSA rsa => rsa.SignData(attributes, HashAlgorithmName.SHA256, RSASignaturePadding.Pss),
            _ => throw new CryptographicException("signing key must be ECDSA or RSA"),
        };

        var writer = new AsnWriter(AsnEncodingRules.DER, initialCapacity: content.Length + 4096);
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(CmsOids.SignedData);
            using (writer.PushSequence(Explicit0))
            using (writer.PushSequence())
            {
                writer.WriteInteger(1);
                using (writer.PushSetOf())
                {
                    AlgorithmIdentifier.Write(writer, CmsOids.Sha256);
                }

                using (writer.PushSequence())
                {
                    writer.WriteObjectIdentifier(CmsOids.Data);
                    using (writer.PushSequence(Explicit0))
                    {
                        writer.WriteOctetString(content);
                    }
                }

                using (writer.PushSetOf(Implicit0))
                {
                    writer.WriteEncodedValue(signerCertificate.RawData);
                    foreach (var certificate in extraCertificates.Where(c => !c.RawDataMemory.Span.SequenceEqual(signerCertificate.RawDataMemory.Span)))
                    {
                        writer.WriteEncodedValue(certificate.RawData);
                    }
                }

                using (writer.PushSetOf())
                {
                    WriteSignerInfo(writer, signerCertificate, signerKey, attributes, signature);
                }
            }
        }

        return writer.Encode();
    }

    private static void WriteSignerInfo(AsnWriter writer, X509Certificate2 certificate, AsymmetricAlgorithm key, byte[] attributes, byte[] signature)
    {
        using (writer.PushSequence())
        {
            writer.WriteInteger(1);
            SignerIdentifiers.WriteIssuerAndSerial(writer, certificate);
            AlgorithmIdentifier.Write(writer, CmsOids.Sha256);

            // The signature covers the attributes with a SET tag; the message carries them as [0] IMPLICIT.
            var implicitAttributes = (byte[])attributes.Clone();
            implicitAttributes[0] = 0xA0;
            writer.WriteEncodedValue(implicitAttributes);

            if (key is RSA)
            {
                PssParameters.Write(writer);
            }
            else
            {
                AlgorithmIdentifier.Write(writer, CmsOids.EcdsaWithSha256);
            }

            writer.WriteOctetString(signature);
        }
    }

    private static byte[] SignedAttributes(ReadOnlySpan<byte> content, DateTimeOffset signingTime)
    {
        var digest = SHA256.HashData(content);
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSetOf())
        {
            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier(CmsOids.ContentTypeAttribute);
                using (writer.PushSetOf())
                {
                    writer.WriteObjectIdentifier(CmsOids.Data);
                }
            }

            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier(CmsOids.SigningTimeAttribute);
                using (writer.PushSetOf())
                {
                    // RFC 5652: UTCTime for 1950–2049, GeneralizedTime otherwise.
                    var utc = signingTime.ToUniversalTime();
                    var whole = new DateTimeOffset(utc.Year, utc.Month, utc.Day, utc.Hour, utc.Minute, utc.Second, TimeSpan.Zero);
                    if (utc.Year is >= 1950 and < 2050)
                    {
                        writer.WriteUtcTime(whole);
                    }
                    else
                    {
                        writer.WriteGeneralizedTime(whole, omitFractionalSeconds: true);
                    }
                }
            }

            using (writer.PushSequence())
            {
                writer.WriteObjectIdentifier(CmsOids.MessageDigestAttribute);
                using (writer.PushSetOf())
                {
                    writer.WriteOctetString(digest);
                }
            }
        }

        return writer.Encode();
    }
}
