using CrossBorder.Contracts.V1;

namespace CrossBorder.Core.Trust.PathValidation;

/// <summary>
/// The checks CRYPTO.md adds for the anchor, which RFC 5280 (and BouncyCastle) take only as a
/// name and a key: the anchor is checked like every CA certificate of the path, as OpenSSL's
/// <c>-x509_strict -partial_chain</c> does. Its own signature is not checked: it is trusted by configuration.
/// </summary>
internal static class AnchorRules
{
    private const int KeyCertSignBit = 5;

    /// <summary>Checks the anchor of <paramref name="path"/> (its last element) at <paramref name="at"/>.</summary>
    public static PathCheck Check(IReadOnlyList<PathCertificate> path, DateTimeOffset at)
    {
        var anchor = path[^1].Parsed;
        if (at.UtcDateTime < anchor.NotBefore || at.UtcDateTime > anchor.NotAfter)
        {
            return new PathCheck(ReasonCode.Expired, "the trust anchor is expired or not yet valid");
        }

        var critical = anchor.GetCriticalExtensionOids() ?? new HashSet<string>();
        var pathLength = anchor.GetBasicConstraints(); // -1: not a CA
        if (pathLength < 0 || !critical.Contains(ExtensionOids.BasicConstraints))
        {
            return new PathCheck(ReasonCode.PathConstraint, "the trust anchor lacks critical basicConstraints with cA");
        }

        // pathLenConstraint counts the non-self-issued intermediates below the certificate.
        var belowAnchor = path.Skip(1).SkipLast(1).Count(c => !c.IsSelfIssued);
        if (belowAnchor > pathLength)
        {
            return new PathCheck(ReasonCode.PathConstraint, "the path is longer than the trust anchor's path length constraint");
        }

        var keyUsage = anchor.GetKeyUsage();
        if (keyUsage is null || keyUsage.Length <= KeyCertSignBit || !keyUsage[KeyCertSignBit])
        {
            return new PathCheck(ReasonCode.KeyUsage, "the trust anchor's key usage lacks keyCertSign");
        }

        var unknown = critical.Where(oid => !ExtensionOids.RecognizedOnAnchor.Contains(oid)).Order(StringComparer.Ordinal).FirstOrDefault();
        return unknown is null
            ? PathCheck.Accepted
            : new PathCheck(ReasonCode.CriticalExtension, $"the trust anchor carries an unknown critical extension ({unknown})");
    }
}
