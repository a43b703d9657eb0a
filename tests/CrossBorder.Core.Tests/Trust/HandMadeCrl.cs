using System.Formats.Asn1;
using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CrossBorder.Core.Tests.Trust;

/// <summary>
/// CRLs written field by field in DER, as an attacker (or a CA) would: any issuer name, any
/// signing key, any times, any extensions. Signed with ecdsa-with-SHA256.
/// </summary>
internal static class HandMadeCrl
{
    private const string EcdsaWithSha256 = "1.2.840.10045.4.3.2";
    private const string CrlNumber = "2.5.29.20";
    private const string AuthorityKeyIdentifier = "2.5.29.35";

    /// <summary>A private extension no validator knows.</summary>
    public const string UnknownExtension = "1.3.6.1.4.1.55555.1.1";

    public static byte[] Build(
        X500DistinguishedName issuer,
        ECDsa signer,
        DateTimeOffset thisUpdate,
        DateTimeOffset nextUpdate,
        IEnumerable<X509Certificate2>? revoked = null,
        BigInteger? number = null,
        byte[]? authorityKeyId = null,
        bool unknownCriticalExtension = false,
        bool numbered = true)
    {
        var tbs = new AsnWriter(AsnEncodingRules.DER);
        using (tbs.PushSequence())
        {
            tbs.WriteInteger(1); // v2
            WriteAlgorithm(tbs);
            tbs.WriteEncodedValue(issuer.RawData);
            tbs.WriteUtcTime(thisUpdate);
            tbs.WriteUtcTime(nextUpdate);
            var entries = revoked?.ToList() ?? [];
            if (entries.Count > 0)
            {
                using (tbs.PushSequence())
                {
                    foreach (var certificate in entries)
                    {
                        using (tbs.PushSequence())
                        {
                            tbs.WriteIntegerUnsigned(certificate.SerialNumberBytes.Span);
                            tbs.WriteUtcTime(thisUpdate.AddMinutes(-10));
                        }
                    }
                }
            }

            using (tbs.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0)))
            using (tbs.PushSequence())
            {
                if (numbered)
                {
                    WriteExtension(tbs, CrlNumber, false, w => w.WriteInteger(number ?? BigInteger.One));
                }

                if (authorityKeyId is not null)
                {
                    WriteExtension(tbs, AuthorityKeyIdentifier, false, w =>
                    {
                        using (w.PushSequence())
                        {
                            w.WriteOctetString(authorityKeyId, new Asn1Tag(TagClass.ContextSpecific, 0));
                        }
                    });
                }

                if (unknownCriticalExtension)
                {
                    WriteExtension(tbs, UnknownExtension, true, w => w.WriteNull());
                }
            }
        }

        var toBeSigned = tbs.Encode();
        var crl = new AsnWriter(AsnEncodingRules.DER);
        using (crl.PushSequence())
        {
            crl.WriteEncodedValue(toBeSigned);
            WriteAlgorithm(crl);
            crl.WriteBitString(signer.SignData(toBeSigned, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence));
        }

        return crl.Encode();
    }

    private static void WriteAlgorithm(AsnWriter writer)
    {
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(EcdsaWithSha256);
        }
    }

    private static void WriteExtension(AsnWriter writer, string oid, bool critical, Action<AsnWriter> value)
    {
        var inner = new AsnWriter(AsnEncodingRules.DER);
        value(inner);
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(oid);
            if (critical)
            {
                writer.WriteBoolean(true);
            }

            writer.WriteOctetString(inner.Encode());
        }
    }
}
