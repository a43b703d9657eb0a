using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;

namespace CrossBorder.Core.Certificates;

/// <summary>Reads uniformResourceIdentifier entries of a certificate's subjectAltName (.NET has no API for them).</summary>
public static class SubjectAltNames
{
    private const string SubjectAltNameOid = "2.5.29.17";
    private static readonly Asn1Tag UriTag = new(TagClass.ContextSpecific, 6);

    /// <summary>The URIs of the subjectAltName extension; empty when there is none.</summary>
    public static IReadOnlyList<string> Uris(X509Certificate2 certificate)
    {
        var extension = certificate.Extensions[SubjectAltNameOid];
        if (extension is null)
        {
            return [];
        }

        var uris = new List<string>();
        var reader = new AsnReader(extension.RawData, AsnEncodingRules.DER);
        var names = reader.ReadSequence();
        while (names.HasData)
        {
            var tag = names.PeekTag();
            if (tag.HasSameClassAndValue(UriTag))
            {
                uris.Add(names.ReadCharacterString(UniversalTagNumber.IA5String, UriTag));
            }
            else
            {
                names.ReadEncodedValue();
            }
        }

        return uris;
    }
}
