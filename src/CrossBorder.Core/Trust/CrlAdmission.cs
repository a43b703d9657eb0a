using CrossBorder.Core.Trust.PathValidation;
using Org.BouncyCastle.X509;

namespace CrossBorder.Core.Trust;

/// <summary>
/// Whether a CRL from outside the signed trust list (fetched, or loaded from the data folder) may
/// be kept: it parses, its signature verifies under a CA certificate of the country in the trust
/// list in force (an anchor or an intermediate with the CRL's issuer name and, if it has a key
/// usage, cRLSign), it has no critical extension (none the federation issues is understood here:
/// kept, it would cover nothing), it has a nextUpdate and a CRL number, and its thisUpdate is not beyond now plus
/// the clock skew (a CRL from the future would block every genuine one after it).
/// </summary>
internal sealed class CrlAdmission(Func<TrustListSnapshot?> trust, TimeProvider time, TimeSpan clockSkew)
{
    private const int CrlSignBit = 6;

    /// <summary><c>null</c> when admitted (with the parse in <paramref name="crl"/>), otherwise why not.</summary>
    public string? Admit(string country, byte[] der, out X509Crl? crl)
    {
        crl = null;
        var parsed = CrlSet.TryParse([der]);
        if (parsed is null || parsed.All.Count != 1)
        {
            return "not a well-formed CRL";
        }

        var candidate = parsed.All[0];
        if (trust()?.Countries.GetValueOrDefault(country) is not { } entry)
        {
            return "the trust list has no such country";
        }

        if (candidate.GetCriticalExtensionOids()?.Count > 0)
        {
            return "the CRL carries a critical extension";
        }

        if (candidate.NextUpdate is null)
        {
            return "the CRL has no nextUpdate";
        }

        // An unnumbered CRL covers nothing; kept, it could still displace the numbered edition held.
        if (!CrlNumberRule.IsNumbered(candidate))
        {
            return "the CRL has no CRL number";
        }

        if (candidate.ThisUpdate > (time.GetUtcNow() + clockSkew).UtcDateTime)
        {
            return "the CRL's thisUpdate is in the future";
        }

        var parser = new X509CertificateParser();
        var signed = entry.Anchors.Concat(entry.Intermediates)
            .Select(c => parser.ReadCertificate(c.RawData))
            .Where(ca => ca.SubjectDN.Equivalent(candidate.IssuerDN, inOrder: true) && (ca.GetKeyUsage() is not { } usage || usage[CrlSignBit]))
            .Any(ca => PathRevocation.IsSignedBy(candidate, ca));
        if (!signed)
        {
            return "no CA certificate of the country in the trust list signed the CRL";
        }

        crl = candidate;
        return null;
    }
}
