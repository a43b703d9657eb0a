using System.Formats.Asn1;
using System.Security.Cryptography;

namespace CrossBorder.Core.Tests.Pkits;

/// <summary>
/// Re-signs a certificate or CRL made by .NET (which refuses to sign with SHA-1) with
/// ecdsa-with-SHA1 under the same issuer key: the algorithm identifier inside the signed part
/// and outside it is replaced, then the signed part is signed again.
/// </summary>
internal static class Sha1Resigner
{
    private const string EcdsaWithSha1 = "1.2.840.10045.4.1";

    public static byte[] Resign(byte[] der, ECDsa issuerKey)
    {
        var outer = new AsnReader(der, AsnEncodingRules.DER).ReadSequence();
        var tbs = Rewrite(outer.ReadEncodedValue().ToArray());
        var signature = issuerKey.SignData(tbs, HashAlgorithmName.SHA1, DSASignatureFormat.Rfc3279DerSequence);

        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            writer.WriteEncodedValue(tbs);
            WriteAlgorithm(writer);
            writer.WriteBitString(signature);
        }

        return writer.Encode();
    }

    // The first AlgorithmIdentifier among the signed part's elements is the signature algorithm.
    private static byte[] Rewrite(byte[] tbs)
    {
        var elements = new AsnReader(tbs, AsnEncodingRules.DER).ReadSequence();
        var writer = new AsnWriter(AsnEncodingRules.DER);
        var replaced = false;
        using (writer.PushSequence())
        {
            while (elements.HasData)
            {
                var element = elements.ReadEncodedValue();
                if (!replaced && IsAlgorithmIdentifier(element))
                {
                    WriteAlgorithm(writer);
                    replaced = true;
                }
                else
                {
                    writer.WriteEncodedValue(element.Span);
                }
            }
        }

        return writer.Encode();
    }

    private static bool IsAlgorithmIdentifier(ReadOnlyMemory<byte> element)
    {
        var reader = new AsnReader(element, AsnEncodingRules.DER);
        if (reader.PeekTag() != Asn1Tag.Sequence)
        {
            return false;
        }

        var sequence = reader.ReadSequence();
        return sequence.HasData && sequence.PeekTag() == Asn1Tag.ObjectIdentifier;
    }

    private static void WriteAlgorithm(AsnWriter writer)
    {
        using (writer.PushSequence())
        {
            writer.WriteObjectIdentifier(EcdsaWithSha1);
        }
    }
}
