using Org.BouncyCastle.X509;

namespace CrossBorder.Core.Trust.PathValidation;

/// <summary>
/// The CRLs of a request, parsed. Only current CRLs take part in validation: issued at or before
/// the validation time, with a nextUpdate after it (or, with a soft-fail grace, at most that
/// grace before it). A CRL without nextUpdate is never current.
/// </summary>
internal sealed class CrlSet
{
    private readonly IReadOnlyList<X509Crl> _crls;

    private CrlSet(IReadOnlyList<X509Crl> crls) => _crls = crls;

    /// <summary>Every CRL of the set.</summary>
    public IReadOnlyList<X509Crl> All => _crls;

    /// <summary>Parses every CRL; one that is not well-formed makes the whole set refused.</summary>
    public static CrlSet? TryParse(IReadOnlyList<byte[]> der)
    {
        var parser = new X509CrlParser();
        var crls = new List<X509Crl>(der.Count);
        foreach (var bytes in der)
        {
            try
            {
                var crl = parser.ReadCrl(bytes);
                if (crl is null)
                {
                    return null;
                }

                // Fail here, not midway through validation, on undecodable entries or extensions.
                _ = crl.GetRevokedCertificates();
                _ = crl.GetCriticalExtensionOids();
                crls.Add(crl);
            }
            catch (Exception ex) when (BouncyCastleErrors.IsDecodingError(ex))
            {
                return null;
            }
        }

        return new CrlSet(crls);
    }

    /// <summary>
    /// Whether <paramref name="crl"/> is current at <paramref name="at"/>, counting <paramref name="grace"/>
    /// past its nextUpdate. A CRL without a CRL number is never current (<see cref="CrlNumberRule"/>).
    /// </summary>
    public static bool IsCurrent(X509Crl crl, DateTimeOffset at, TimeSpan grace)
    {
        var time = at.UtcDateTime;
        return crl.ThisUpdate <= time && crl.NextUpdate is { } next && next.Add(grace) > time && CrlNumberRule.IsNumbered(crl);
    }

    /// <summary>
    /// The CRLs current at <paramref name="at"/>, only the newest of each scope (issuer, authority
    /// key, distribution point, complete or delta): a newer CRL of a scope supersedes the older
    /// ones, and the RFC 5280 engine stops at the first complete CRL it finds, so it is given one.
    /// </summary>
    public IReadOnlyList<X509Crl> CurrentAt(DateTimeOffset at) =>
        [.. _crls.Where(c => IsCurrent(c, at, TimeSpan.Zero)).GroupBy(CrlScope.Of).Select(g => CrlScope.Newest(g))];

    /// <summary>
    /// When the revocation data first goes stale: per scope the nextUpdate of the newest edition
    /// (which decides, current or not), and of those the earliest; <c>null</c> without CRLs.
    /// </summary>
    public DateTimeOffset? StaleAt() => _crls
        .Where(c => c.NextUpdate.HasValue && CrlNumberRule.IsNumbered(c))
        .GroupBy(CrlScope.Of)
        .Select(g => (DateTimeOffset?)new DateTimeOffset(DateTime.SpecifyKind(CrlScope.Newest(g).NextUpdate!.Value, DateTimeKind.Utc)))
        .Min();

    /// <summary>
    /// Refuses the path when a CRL that could cover one of its certificates (issued under the name
    /// of a CA of the path) is signed with an algorithm the profile refuses.
    /// </summary>
    public PathCheck? CheckAlgorithms(IReadOnlyList<PathCertificate> path)
    {
        foreach (var crl in _crls)
        {
            if (path.Skip(1).Any(ca => crl.IssuerDN.Equivalent(ca.Subject, inOrder: true))
                && AlgorithmProfile.CheckSignature(crl.SignatureAlgorithm, "a CRL") is { } refused)
            {
                return refused;
            }
        }

        return null;
    }
}
