using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CrossBorder.Conformance.Vectors;

/// <summary>A country's CAs in the vectors' federation; the intermediate issues the participants' certificates.</summary>
internal sealed record VectorCountry(string Code, X509Certificate2 Root, X509Certificate2 Intermediate, ECDsa IntermediateKey)
{
    /// <summary>The CRLs the trust list embeds: the root's, then the intermediate's.</summary>
    public List<byte[]> Crls { get; } = [];
}
