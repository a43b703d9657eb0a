using System.Formats.Asn1;
using System.Security.Cryptography.X509Certificates;

namespace CrossBorder.Core.Tests.Pkits;

/// <summary>Extensions the rule tests put into certificates, hand-encoded in DER.</summary>
internal static class RulesExtensions
{
    /// <summary>A critical nameConstraints extension permitting the DNS subtree <paramref name="permittedDns"/> only.</summary>
    public static X509Extension PermittedDns(string permittedDns) => DnsNameConstraints([permittedDns], [], critical: true);

    /// <summary>A nameConstraints extension with the given permitted and excluded dNSName subtrees (hand-encoded DER).</summary>
    public static X509Extension DnsNameConstraints(IReadOnlyList<string> permitted, IReadOnlyList<string> excluded, bool critical)
    {
        var writer = new AsnWriter(AsnEncodingRules.DER);
        using (writer.PushSequence())
        {
            WriteSubtrees(writer, 0, permitted);
            WriteSubtrees(writer, 1, excluded);
        }

        return new X509Extension("2.5.29.30", writer.Encode(), critical);
    }

    private static void WriteSubtrees(AsnWriter writer, int tag, IReadOnlyList<string> dnsNames)
    {
        if (dnsNames.Count == 0)
        {
            return;
        }

        using (writer.PushSequence(new Asn1Tag(TagClass.ContextSpecific, tag)))
        {
            foreach (var dns in dnsNames)
            {
                using (writer.PushSequence())
                {
                    writer.WriteCharacterString(UniversalTagNumber.IA5String, dns, new Asn1Tag(TagClass.ContextSpecific, 2));
                }
            }
        }
    }
}
