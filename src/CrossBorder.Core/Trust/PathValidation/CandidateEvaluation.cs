using CrossBorder.Contracts.V1;

namespace CrossBorder.Core.Trust.PathValidation;

/// <summary>
/// Every check of one candidate path, cheapest and most decisive first: the profile's algorithms,
/// the depth limit, the anchor rules and name constraints, RFC 5280 (with revocation when asked),
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

        var intermediates = path.Count - 2;
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
