using CrossBorder.Contracts.V1;

namespace CrossBorder.Core.Trust.PathValidation;

/// <summary>
/// Every check of one candidate path, cheapest and most decisive first: the profile's algorithms,
/// the RFC 5280 certificate profile, bounded name-constraint rules, the depth limit, the anchor
/// rules and name constraints, RFC 5280 (with revocation when asked, from numbered CRLs only),
/// the leaf purpose.
/// </summary>
internal sealed class CandidateEvaluation(PathValidationRequest request, IReadOnlyList<PathCertificate> untrusted, CrlSet crls)
{
    public PathCheck Evaluate(IReadOnlyList<PathCertificate> path)
    {
        var algorithms = CheckAlgorithms(path);
        if (algorithms is not null)
        {
            return algorithms;
        }

        var profile = CertificateProfileRules.Check(path);
        if (!profile.IsAccepted)
        {
            return profile;
        }

        var names = NameConstraintRules.Check(path);
        if (!names.IsAccepted)
        {
            return names;
        }

        // RFC 5280 6.1.4 (l): a self-issued intermediate (key rollover) does not count toward the depth.
        var intermediates = path.Skip(1).SkipLast(1).Count(c => !c.IsSelfIssued);
        if (intermediates > request.MaxDepth)
        {
            return new PathCheck(ReasonCode.PathConstraint, $"the path needs {intermediates} intermediates, more than the maximum depth {request.MaxDepth}");
        }

        var anchor = AnchorRules.Check(path, request.ValidationTime);
        if (!anchor.IsAccepted)
        {
            return anchor;
        }

        var anchorNames = AnchorNameConstraints.Check(path);
        if (!anchorNames.IsAccepted)
        {
            return anchorNames;
        }

        var rfc = PathRevocation.Run(request, path, untrusted, crls);
        return rfc.IsAccepted ? ChainValidator.CheckLeafUsage(request.Leaf, request.Purpose) : rfc;
    }

    private PathCheck? CheckAlgorithms(IReadOnlyList<PathCertificate> path)
    {
        for (var i = 0; i < path.Count; i++)
        {
            var certificate = path[i].Parsed;
            var what = i == path.Count - 1 ? "the trust anchor" : $"the certificate at depth {i}";
            var refused = AlgorithmProfile.CheckKey(certificate.SubjectPublicKeyInfo, what)
                ?? (i < path.Count - 1 ? AlgorithmProfile.CheckSignature(certificate.SignatureAlgorithm, what) : null);
            if (refused is not null)
            {
                return refused;
            }
        }

        return request.ChecksRevocation ? crls.CheckAlgorithms(path) : null;
    }
}
