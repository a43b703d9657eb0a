using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;

namespace CrossBorder.Core.Envelopes.Cms;

/// <summary>
/// Reads and writes the two ways CMS names a certificate (IssuerAndSerialNumber, or a
/// [0] SubjectKeyIdentifier) and matches them against certificates.
/// </summary>
internal static class SignerIdentifiers
{
    public static readonly Asn1Tag SubjectKeyIdentifierTag = new(TagClass.ContextSpecific, 0);

    public static void WriteIssuerAndSerial(AsnWriter writer, X509Certificate2 certificate)
    {
        using (writer.PushSequence())
        {
            writer.WriteEncodedValue(certificate.IssuerName.RawData);
            writer.WriteInteger(Convert.FromHexString(certificate.SerialNumber));
        }
    }

    /// <summary>Reads an identifier (either form) and returns a matcher for it.</summary>
    public static Func<X509Certificate2, bool> Read(AsnReader reader)
    {
        if (reader.PeekTag().HasSameClassAndValue(SubjectKeyIdentifierTag))
        {
            var keyId = reader.ReadOctetString(SubjectKeyIdentifierTag);
            return certificate => certificate.Extensions.OfType<X509SubjectKeyIdentifierExtension>()
                .FirstOrDefault()?.SubjectKeyIdentifierBytes.Span.SequenceEqual(keyId) == true;
        }

        var sequence = reader.ReadSequence();
        var issuer = sequence.ReadEncodedValue().ToArray();
        var serial = sequence.ReadIntegerBytes().ToArray();
        sequence.ThrowIfNotEmpty();
        return certificate => certificate.IssuerName.RawData.AsSpan().SequenceEqual(issuer)
            && certificate.SerialNumberBytes.Span.SequenceEqual(serial);
    }
}
