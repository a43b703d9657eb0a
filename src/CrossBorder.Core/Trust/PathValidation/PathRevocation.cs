using System.Globalization;
using CrossBorder.Contracts.V1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Utilities;
using Org.BouncyCastle.X509;

namespace CrossBorder.Core.Trust.PathValidation;

/// <summary>
/// The revocation step of a candidate path: every certificate but the anchor is judged on the
/// newest current CRL its issuer signed (<see cref="CrlScope"/>), at the request's validation time
/// (an injected clock, never the machine's), with the request's soft-fail grace. This is the only
/// CRL logic of the gateway, <c>trust verify</c> and <c>cms open</c>.
/// </summary>
/// <remarks>
/// CRLs this step does not model — indirect CRLs, delta CRLs, issuing distribution points, CRL
/// entries with critical extensions, a CRL under a CA's name that its key did not sign (separate
/// CRL keys, key rollover) — are left to the RFC 5280 engine's CRL processing, which judges them
/// against the machine's clock. The federation issues none of these; PKITS uses them all.
/// </remarks>
internal static class PathRevocation
{
    public static PathCheck Run(PathValidationRequest request, IReadOnlyList<PathCertificate> path, IReadOnlyList<PathCertificate> untrusted, CrlSet crls)
    {
        if (!request.ChecksRevocation)
        {
            return RfcPathEngine.Run(path, untrusted, null, request.ValidationTime, request.Policy);
        }

        if (!DecidesAlone(path, crls, request.Anchors))
        {
            return RfcPathEngine.Run(path, untrusted, crls.CurrentAt(request.ValidationTime), request.ValidationTime, request.Policy);
        }

        var rfc = RfcPathEngine.Run(path, untrusted, null, request.ValidationTime, request.Policy);
        return rfc.IsAccepted ? Check(path, crls, request.ValidationTime, request.RevocationGrace) : rfc;
    }

    /// <summary>Leaf first, anchor last: the newest CRL of each issuer decides, and it must be current.</summary>
    private static PathCheck Check(IReadOnlyList<PathCertificate> path, CrlSet crls, DateTimeOffset at, TimeSpan grace)
    {
        for (var i = 0; i + 1 < path.Count; i++)
        {
            var subject = path[i];
            var issuer = path[i + 1];
            // The newest edition the issuer had published by the validation time decides, current or
            // not: when it is stale the status is unknown. Falling back to an older edition that is
            // still current would undo a revocation as soon as the revoking CRL went stale.
            var issued = crls.All.Where(c => c.IssuerDN.Equivalent(subject.Issuer, inOrder: true) && c.ThisUpdate <= at.UtcDateTime && CrlNumberRule.IsNumbered(c)).ToList();
            if (issued.Count == 0)
            {
                return Refused(ReasonCode.RevocationUnknown, "no current CRL of the issuer establishes the status of a certificate of the path", i);
            }

            if (issuer.Parsed.GetKeyUsage() is { } usage && !usage[6])
            {
                return Refused(ReasonCode.KeyUsage, "a CA's key usage does not permit CRL signing", i + 1);
            }

            var newest = CrlScope.Newest(issued);
            if (!CrlSet.IsCurrent(newest, at, grace))
            {
                return Refused(ReasonCode.RevocationUnknown, "the newest CRL of the issuer is past its nextUpdate", i);
            }

            if (newest.GetRevokedCertificate(subject.Parsed.SerialNumber) is { } entry && entry.RevocationDate <= at.UtcDateTime)
            {
                return Refused(ReasonCode.Revoked, "a certificate of the path is revoked", i);
            }
        }

        return PathCheck.Accepted;
    }

    /// <summary>
    /// Whether every CRL issued under the name of a CA of the path is a plain complete CRL that
    /// the CA's own key signed, or the key of a trusted anchor of the same name (a CA that rolled
    /// its key over signs its CRLs with the new one, which then speak for the old key's
    /// certificates too), and no certificate of the path points at another CRL issuer.
    /// </summary>
    private static bool DecidesAlone(IReadOnlyList<PathCertificate> path, CrlSet crls, IReadOnlyList<System.Security.Cryptography.X509Certificates.X509Certificate2> anchors)
    {
        for (var i = 0; i + 1 < path.Count; i++)
        {
            if (HasCrlIssuer(path[i]))
            {
                return false;
            }

            var issuer = path[i + 1];
            foreach (var crl in crls.All.Where(c => c.IssuerDN.Equivalent(issuer.Subject, inOrder: true)))
            {
                if (crl.GetCriticalExtensionOids()?.Count > 0 || crl.GetExtensionValue(X509Extensions.IssuingDistributionPoint) is not null
                    || crl.GetExtensionValue(X509Extensions.DeltaCrlIndicator) is not null || HasCriticalEntryExtension(crl)
                    || !(IsSignedBy(crl, issuer) || IsSignedByAnchorNamed(crl, anchors)))
                {
                    return false;
                }
            }
        }

        return true;
    }

    private static bool HasCrlIssuer(PathCertificate certificate)
    {
        var points = CrlDistPoint.GetInstance(certificate.Parsed.GetExtensionValue(X509Extensions.CrlDistributionPoints)?.GetOctets());
        return points?.GetDistributionPoints().Any(p => p.CrlIssuer is not null) == true;
    }

    private static bool HasCriticalEntryExtension(X509Crl crl) =>
        crl.GetRevokedCertificates()?.Any(e => e.GetCriticalExtensionOids()?.Count > 0) == true;

    private static bool IsSignedBy(X509Crl crl, PathCertificate issuer) => IsSignedBy(crl, issuer.Parsed);

    /// <summary>Whether an anchor with the CRL's issuer name (and cRLSign, if it has a key usage) signed it.</summary>
    private static bool IsSignedByAnchorNamed(X509Crl crl, IReadOnlyList<System.Security.Cryptography.X509Certificates.X509Certificate2> anchors)
    {
        var parser = new Org.BouncyCastle.X509.X509CertificateParser();
        return anchors
            .Select(a => parser.ReadCertificate(a.RawData))
            .Where(a => a.SubjectDN.Equivalent(crl.IssuerDN, inOrder: true) && (a.GetKeyUsage() is not { } usage || usage[6]))
            .Any(a => IsSignedBy(crl, a));
    }

    /// <summary>
    /// Whether <paramref name="issuer"/>'s key verifies <paramref name="crl"/>'s signature (without
    /// BouncyCastle's primality tests of an RSA modulus, as in <see cref="RfcPathEngine"/>).
    /// </summary>
    public static bool IsSignedBy(X509Crl crl, Org.BouncyCastle.X509.X509Certificate issuer) =>
        Properties.WithThreadProperty(Properties.RsaMaxMRTests, "0", () =>
        {
            try
            {
                crl.Verify(issuer.GetPublicKey());
                return true;
            }
            catch (Exception ex) when (BouncyCastleErrors.IsDecodingError(ex))
            {
                return false;
            }
        });

    private static PathCheck Refused(ReasonCode reason, string detail, int depth) =>
        new(reason, string.Create(CultureInfo.InvariantCulture, $"{detail} (depth {depth})"));
}
