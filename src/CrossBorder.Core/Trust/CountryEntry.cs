using System.Security.Cryptography.X509Certificates;

namespace CrossBorder.Core.Trust;

/// <summary>A country of the federation and the anchors of its participant PKI.</summary>
/// <param name="Code">ISO 3166-1 alpha-2 code.</param>
/// <param name="Anchors">Trust anchors: a participant's chain must end at one of these.</param>
/// <param name="Intermediates">Untrusted path-building material.</param>
/// <param name="Crls">DER CRLs of the country's CAs.</param>
public sealed record CountryEntry(
    string Code,
    X509Certificate2Collection Anchors,
    X509Certificate2Collection Intermediates,
    IReadOnlyList<byte[]> Crls);
