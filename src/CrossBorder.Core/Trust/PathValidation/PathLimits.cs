namespace CrossBorder.Core.Trust.PathValidation;

/// <summary>
/// The bounds of path building and validation. Untrusted certificates come from whoever presents
/// them (a TLS client before authentication, a SignedData, a partner's files), and each one can
/// cost parsing, signature checks and candidate paths; past any bound the request is refused at
/// once with PATH_LIMIT instead of being worked through. Every bound is far above what a real
/// federation needs: the dev federation's paths are root, participant CA, leaf (one
/// intermediate, one issuer per name, one candidate path).
/// </summary>
public static class PathLimits
{
    /// <summary>
    /// Certificates one party may present for its own path: a TLS client's chain, a SignedData's
    /// certificates. A participant needs its leaf and one or two CAs; more is refused before any is
    /// parsed or built on.
    /// </summary>
    public const int MaxPresentedCertificates = 8;

    /// <summary>
    /// Why a presented chain (the certificates a TLS peer sent beside its own) is refused for its
    /// size, or null: every certificate decision on a TLS peer asks this first, before any path
    /// is built from what the peer sent.
    /// </summary>
    public static string? TooManyPresented(System.Security.Cryptography.X509Certificates.X509Certificate2Collection? presented)
    {
        var count = presented?.Count ?? 0;
        return count > MaxPresentedCertificates ? $"the peer presented {count} certificates, more than {MaxPresentedCertificates}" : null;
    }

    /// <summary>
    /// Untrusted certificates one request may bring. A country's intermediates from the trust list
    /// plus a presented chain (at most 8 in TLS and in a SignedData) stay far below; a partner's
    /// bundle of every CA of a federation of a few dozen countries still fits.
    /// </summary>
    public const int MaxUntrustedCertificates = 64;

    /// <summary>
    /// Signature checks path building may spend ordering issuers that share a name. A real path
    /// needs none when each name has one issuer and one per extra issuer during a key rollover;
    /// 32 allows several rollovers at every level of a deep path.
    /// </summary>
    public const int MaxSignatureChecks = 32;

    /// <summary>
    /// Intermediates between leaf and anchor. Real hierarchies have one to three; OpenSSL's
    /// default depth limit is 100 and RFC 5280 sets none, but every level costs a full check.
    /// </summary>
    public const int MaxIntermediates = 16;

    /// <summary>
    /// Candidate paths found and evaluated (each one a full RFC 5280 run). One is normal; key
    /// rollover and cross-certification give a few (PKITS 4.5 at most three).
    /// </summary>
    public const int MaxCandidates = 8;

    /// <summary>Steps of the depth-first search: a backstop for bags of distinct names that chain in many ways.</summary>
    public const int MaxSteps = 2000;

    /// <summary>
    /// Name-constraint comparisons of one path: every subtree of a CA (or the anchor) against every
    /// name of the path and every other subtree. A CA with 50 subtrees over a leaf with 100 names
    /// is 7,500; 2,048 subtrees against 2,048 names (millions of comparisons) is refused.
    /// </summary>
    public const int MaxNameComparisons = 100_000;
}
