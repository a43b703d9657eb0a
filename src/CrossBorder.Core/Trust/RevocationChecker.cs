using System.Security.Cryptography.X509Certificates;
using CrossBorder.Contracts.V1;
using Org.BouncyCastle.Security;
using Org.BouncyCastle.X509;
using BcCertificate = Org.BouncyCastle.X509.X509Certificate;

namespace CrossBorder.Core.Trust;

/// <summary>
/// Checks a validated path against CRLs (.NET has no API to supply a CRL; BouncyCastle parses and
/// verifies them). Every certificate of the path except the anchor must be covered by a current
/// CRL signed by its issuer: otherwise REVOCATION_UNKNOWN. CRLs this code does not fully
/// understand (indirect, delta, with unknown critical extensions) cover nothing: fail closed.
/// </summary>
public sealed class RevocationChecker
{
    private readonly IReadOnlyList<X509Crl> _crls;

    /// <summary>Parses DER CRLs; a malformed one is an error.</summary>
    public RevocationChecker(IEnumerable<byte[]> derCrls)
    {
        var parser = new X509CrlParser();
        _crls = derCrls.Select(d => parser.ReadCrl(d) ?? throw new ArgumentException("not a CRL", nameof(derCrls))).ToList();
    }

    /// <summary>
    /// Checks <paramref name="path"/> (leaf first, anchor last) at <paramref name="at"/>. With a
    /// soft-fail window, a CRL up to <paramref name="staleGrace"/> past its nextUpdate still counts
    /// (its revocations always do); <see cref="TimeSpan.Zero"/> is hard-fail.
    /// </summary>
    public PathCheck Check(IReadOnlyList<X509Certificate2> path, DateTimeOffset at, TimeSpan staleGrace)
    {
        ArgumentNullException.ThrowIfNull(path);
        var parser = new X509CertificateParser();
        for (var i = 0; i + 1 < path.Count; i++)
        {
            var subject = parser.ReadCertificate(path[i].RawData);
            var issuer = parser.ReadCertificate(path[i + 1].RawData);
            var crl = _crls.FirstOrDefault(c => Covers(c, subject, issuer, at, staleGrace));
            if (crl is null)
            {
                return new PathCheck(ReasonCode.RevocationUnknown, $"no current CRL of {path[i].Issuer} covers {path[i].Subject}");
            }

            var entry = crl.GetRevokedCertificate(subject.SerialNumber);
            if (entry is not null && entry.RevocationDate <= at.UtcDateTime)
            {
                return new PathCheck(ReasonCode.Revoked, $"{path[i].Subject} is revoked");
            }
        }

        return PathCheck.Accepted;
    }

    /// <summary>
    /// When revocation data first goes stale: per issuer the latest nextUpdate (a newer CRL
    /// supersedes an older one), and of those the earliest.
    /// </summary>
    public DateTimeOffset? EarliestNextUpdate => _crls
        .Where(c => c.NextUpdate.HasValue)
        .GroupBy(c => c.IssuerDN.ToString(), StringComparer.Ordinal)
        .Select(g => (DateTimeOffset?)new DateTimeOffset(DateTime.SpecifyKind(g.Max(c => c.NextUpdate!.Value), DateTimeKind.Utc)))
        .Min();

    private static bool Covers(X509Crl crl, BcCertificate subject, BcCertificate issuer, DateTimeOffset at, TimeSpan staleGrace)
    {
        if (!crl.IssuerDN.Equivalent(subject.IssuerDN, inOrder: true) || crl.ThisUpdate > at.UtcDateTime
            || crl.NextUpdate is not { } next || next.Add(staleGrace) < at.UtcDateTime)
        {
            return false;
        }

        // Issuing distribution points, delta CRL indicators and other critical extensions change what a CRL covers.
        if (crl.GetCriticalExtensionOids()?.Count > 0)
        {
            return false;
        }

        try
        {
            crl.Verify(issuer.GetPublicKey());
            return true;
        }
        catch (Exception ex) when (ex is InvalidKeyException or SignatureException or Org.BouncyCastle.Security.Certificates.CrlException)
        {
            return false;
        }
    }
}
