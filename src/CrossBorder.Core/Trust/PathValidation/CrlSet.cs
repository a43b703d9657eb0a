using Org.BouncyCastle.X509;

namespace CrossBorder.Core.Trust.PathValidation;

/// <summary>
/// The CRLs of a request, parsed. Only current CRLs take part in validation: issued at or before
/// the validation time, with a nextUpdate after it. A CRL without nextUpdate is never current.
/// </summary>
internal sealed class CrlSet
{
    private readonly IReadOnlyList<X509Crl> _crls;

    private CrlSet(IReadOnlyList<X509Crl> crls) => _crls = crls;

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

    /// <summary>The CRLs current at <paramref name="at"/>.</summary>
    public IReadOnlyList<X509Crl> CurrentAt(DateTimeOffset at)
    {
        var time = at.UtcDateTime;
        return [.. _crls.Where(c => c.ThisUpdate <= time && c.NextUpdate is { } next && next > time)];
    }

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
