namespace CrossBorder.Core.Trust.PathValidation;

/// <summary>
/// Builds candidate paths from a leaf to an anchor by name chaining, depth first, trying every
/// issuer with the right name (PKITS 4.5: key rollover gives several issuers one name). Issuers
/// whose key verifies the signature come first, then those whose key identifier matches, then
/// input order: deterministic, and the path most likely to be valid is tried first. Search is
/// bounded, so a hostile bag of certificates cannot make it run long.
/// </summary>
internal sealed class CandidatePaths
{
    /// <summary>Deeper than any real hierarchy; OpenSSL's default depth limit is 100, RFC 5280 sets none.</summary>
    public const int MaxIntermediates = 16;

    private const int MaxCandidates = 8;
    private const int MaxSteps = 2000;

    private readonly IReadOnlyList<PathCertificate> _anchors;
    private readonly IReadOnlyList<PathCertificate> _intermediates;
    private readonly Dictionary<(PathCertificate Child, PathCertificate Issuer), bool> _verifies = [];
    private readonly List<IReadOnlyList<PathCertificate>> _found = [];
    private int _steps;

    public CandidatePaths(IReadOnlyList<PathCertificate> anchors, IReadOnlyList<PathCertificate> intermediates)
    {
        _anchors = anchors;
        var anchorPrints = anchors.Select(a => a.Thumbprint).ToHashSet(StringComparer.Ordinal);
        _intermediates = [.. intermediates.Where(c => !anchorPrints.Contains(c.Thumbprint))];
    }

    /// <summary>Candidate paths, leaf first and anchor last, best first; empty when nothing chains to an anchor.</summary>
    public IReadOnlyList<IReadOnlyList<PathCertificate>> From(PathCertificate leaf)
    {
        _found.Clear();
        _steps = 0;
        Extend([leaf]);
        return [.. _found];
    }

    private void Extend(List<PathCertificate> path)
    {
        if (_found.Count >= MaxCandidates || ++_steps > MaxSteps)
        {
            return;
        }

        var current = path[^1];
        foreach (var anchor in IssuersOf(current, _anchors))
        {
            _found.Add([.. path, anchor]);
            if (_found.Count >= MaxCandidates)
            {
                return;
            }
        }

        if (path.Count - 1 >= MaxIntermediates)
        {
            return;
        }

        foreach (var issuer in IssuersOf(current, _intermediates))
        {
            if (path.Exists(c => c.Thumbprint == issuer.Thumbprint))
            {
                continue;
            }

            path.Add(issuer);
            Extend(path);
            path.RemoveAt(path.Count - 1);
        }
    }

    private List<PathCertificate> IssuersOf(PathCertificate child, IReadOnlyList<PathCertificate> pool) =>
        pool.Where(child.IsNamedIssuer)
            .Select((issuer, index) => (issuer, index))
            .OrderBy(c => Verifies(child, c.issuer) ? 0 : 1)
            .ThenBy(c => child.KeyIdentifierMatches(c.issuer) ? 0 : 1)
            .ThenBy(c => c.index)
            .Select(c => c.issuer)
            .ToList();

    private bool Verifies(PathCertificate child, PathCertificate issuer)
    {
        if (!_verifies.TryGetValue((child, issuer), out var verifies))
        {
            verifies = SignatureHint.Verifies(child, issuer);
            _verifies[(child, issuer)] = verifies;
        }

        return verifies;
    }
}
