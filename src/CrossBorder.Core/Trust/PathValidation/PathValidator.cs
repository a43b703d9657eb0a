using CrossBorder.Contracts.V1;

namespace CrossBorder.Core.Trust.PathValidation;

/// <summary>
/// RFC 5280 section 6 path validation to explicit anchors, with the rules CRYPTO.md adds
/// (<c>trust verify</c> semantics): the anchor is checked like a CA certificate, the profile's
/// signature algorithms and key sizes apply to every certificate and CRL, the leaf must suit the
/// purpose, and with CRLs every certificate but the anchor must be covered by a current one.
/// </summary>
/// <remarks>
/// Paths are built here (name chaining, several candidates, best first) and each candidate runs
/// through BouncyCastle's RFC 5280 validator; the first candidate that passes everything is the
/// answer. When none does, the reason is that of the first candidate. Building and validation are
/// bounded (<see cref="PathLimits"/>); past a bound the answer is PATH_LIMIT at once. <see cref="Validate"/>
/// never throws for bad certificates or CRLs, has no clock of its own and no network access: the
/// same request always gets the same answer. An instance keeps the certificates it has parsed, so
/// hold one and reuse it.
/// </remarks>
public sealed class PathValidator
{
    private readonly ParsedCertificates _parses = new();

    /// <summary>Validates the request's leaf. Safe to call from several threads at once.</summary>
    public PathValidationResult Validate(PathValidationRequest request)
    {
        ArgumentNullException.ThrowIfNull(request);
        try
        {
            return ValidateParsed(request);
        }
#pragma warning disable CA1031 // Fail closed: whatever escapes the checks above refuses the leaf instead of throwing.
        catch (Exception ex) when (BouncyCastleErrors.IsDecodingError(ex))
#pragma warning restore CA1031
        {
            return Refused(new PathCheck(ReasonCode.Untrusted, "path validation failed"));
        }
    }

    private PathValidationResult ValidateParsed(PathValidationRequest request)
    {
        if (request.Anchors.Count == 0)
        {
            return Refused(new PathCheck(ReasonCode.Untrusted, "no trust anchors configured"));
        }

        if (!RfcPathEngine.PoliciesAreOids(request.Policy))
        {
            return Refused(new PathCheck(ReasonCode.Malformed, "an initial policy is not an OID"));
        }

        if (request.MaxDepth < 0)
        {
            return Refused(new PathCheck(ReasonCode.Malformed, "the maximum depth is negative"));
        }

        // Counted before anything is parsed: the bag may come from an unauthenticated TLS client.
        if (request.Intermediates.Count > PathLimits.MaxUntrustedCertificates)
        {
            return Refused(new PathCheck(
                ReasonCode.PathLimit, $"more than {PathLimits.MaxUntrustedCertificates} untrusted certificates for path building"));
        }

        var leaf = PathCertificate.TryCreate(request.Leaf, _parses);
        var anchors = request.Anchors.Select(a => PathCertificate.TryCreate(a, _parses)).ToList();
        if (leaf is null || anchors.Contains(null))
        {
            return Refused(new PathCheck(ReasonCode.Malformed, "a certificate is not well-formed"));
        }

        var crls = CrlSet.TryParse(request.Crls);
        if (crls is null)
        {
            return Refused(new PathCheck(ReasonCode.Malformed, "a CRL is not well-formed"));
        }

        // An untrusted certificate that does not parse cannot be part of any path: leave it out.
        var intermediates = Distinct(request.Intermediates.Select(c => PathCertificate.TryCreate(c, _parses)).OfType<PathCertificate>())
            .Where(c => c.Thumbprint != leaf.Thumbprint)
            .ToList();
        var building = new CandidatePaths(Distinct(anchors.OfType<PathCertificate>()), intermediates);
        var candidates = building.From(leaf);
        if (building.LimitPassed is { } limit)
        {
            return Refused(limit);
        }

        if (candidates.Count == 0)
        {
            return Refused(new PathCheck(ReasonCode.Untrusted, "no path to a trusted anchor"));
        }

        var evaluation = new CandidateEvaluation(request, intermediates, crls);
        PathValidationResult? first = null;
        PathValidationResult? stale = null;
        foreach (var candidate in candidates)
        {
            var check = evaluation.Evaluate(candidate);
            var result = new PathValidationResult(check, [.. candidate.Select(c => c.Certificate)]);
            if (check.IsAccepted)
            {
                return result;
            }

            if (check.Reason == ReasonCode.RevocationUnknown && request.RevocationMayBeStale)
            {
                // Stale revocation data is expected here: what counts is whether anything else is wrong.
                var withoutRevocation = new CandidateEvaluation(request with { RevocationRequired = false }, intermediates, crls).Evaluate(candidate);
                result = withoutRevocation.IsAccepted
                    ? result with { Check = new PathCheck(ReasonCode.TrustListStale, "valid but for revocation data that went stale with the trust list") }
                    : result with { Check = withoutRevocation };
                stale ??= withoutRevocation.IsAccepted ? result : null;
            }

            first ??= result;
        }

        return stale ?? first!;
    }

    private static List<PathCertificate> Distinct(IEnumerable<PathCertificate> certificates) =>
        [.. certificates.DistinctBy(c => c.Thumbprint, StringComparer.Ordinal)];

    private static PathValidationResult Refused(PathCheck check) => new(check, []);
}
