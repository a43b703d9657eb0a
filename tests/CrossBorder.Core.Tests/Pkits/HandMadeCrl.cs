using System.Formats.Asn1;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CrossBorder.Core.Tests.Pkits;

/// <summary>
/// A CRL encoded field by field, as its issuer (or a forger) controls it: for what .NET's
/// <see cref="CertificateRevocationListBuilder"/> will not write, such as a CRL without a CRL number.
/// </summary>
internal static class HandMadeCrl
{
    private const string EcdsaWithSha256 = "1.2.840.10045.4.3.2";
    private const string AuthorityKeyIdentifier = "2.5.29.35";
    private const string CrlNumber = "2.5.29.20";

    /// <summary>An empty v2 CRL of <paramref name="issuer"/> (an ECDSA CA) with an AKI and, when asked, CRL number 1.</summary>
    public static byte[] Empty(TestCertificate issuer, DateTimeOffset thisUpdate, DateTimeOffset nextUpdate, bool withCrlNumber)
    {
        var tbs = new AsnWriter(AsnEncodingRules.DER);
        using (tbs.PushSequence())
        {
            tbs.WriteInteger(1);
            WriteAlgorithm(tbs);
            tbs.WriteEncodedValue(issuer.Certificate.SubjectName.RawData);
            tbs.WriteUtcTime(thisUpdate);
            tbs.WriteUtcTime(nextUpdate);
            using (tbs.PushSequence(new Asn1Tag(TagClass.ContextSpecific, 0, isConstructed: true)))
            using (tbs.PushSequence())
            {
                var aki = X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer.Certificate, true, false);
                WriteExtension(tbs, AuthorityKeyIdentifier, aki.RawData);
                if (withCrlNumber)
                {
                    WriteExtension(tbs, CrlNumber, [0x02, 0x01, 0x01]);
                }
            }
        }

        var tbsBytes = tbs.Encode();
        var signature = ((ECDsa)issuer.Key).SignData(tbsBytes, HashAlgorithmName.SHA256, DSASignatureFormat.Rfc3279DerSequence);
        var crl = new AsnWriter(AsnEncodingRules.DER);
        using (crl.PushSequence())
        {
            crl.WriteEncodedValue(tbsBytes);
            WriteAlgorithm(crl);
            crl.WriteBitString(signature);
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

    private static void WriteExtension(AsnWriter writer, string oid, byte[] value)
    {
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(oid);
            writer.WriteOctetString(value);
        }
    }
}
