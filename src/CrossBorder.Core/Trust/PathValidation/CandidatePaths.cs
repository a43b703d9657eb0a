using CrossBorder.Contracts.V1;

namespace CrossBorder.Core.Trust.PathValidation;

/// <summary>
/// Builds candidate paths from a leaf to an anchor by name chaining, depth first, trying every
/// issuer with the right name (PKITS 4.5: key rollover gives several issuers one name). Issuers
/// whose key verifies the signature come first, then those whose key identifier matches, then
/// input order: deterministic, and the path most likely to be valid is tried first. Search is
/// bounded (<see cref="PathLimits"/>): past a bound it stops and <see cref="LimitPassed"/> says
/// which, so a hostile bag of certificates is refused instead of worked through.
/// </summary>
internal sealed class CandidatePaths
{
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

    /// <summary>The bound the last search passed (PATH_LIMIT), or <c>null</c> when it ran to its end.</summary>
    public PathCheck? LimitPassed { get; private set; }

    /// <summary>Candidate paths, leaf first and anchor last, best first; empty when nothing chains to an anchor or a bound was passed.</summary>
    public IReadOnlyList<IReadOnlyList<PathCertificate>> From(PathCertificate leaf)
    {
        _found.Clear();
        _steps = 0;
        LimitPassed = null;
        Extend([leaf]);
        return LimitPassed is null ? [.. _found] : [];
    }

    private void Extend(List<PathCertificate> path)
    {
        if (++_steps > PathLimits.MaxSteps)
        {
            Stop($"path building took more than {PathLimits.MaxSteps} steps");
            return;
        }

        var current = path[^1];
        foreach (var anchor in IssuersOf(current, _anchors))
        {
            if (_found.Count >= PathLimits.MaxCandidates)
            {
                Stop($"more than {PathLimits.MaxCandidates} candidate paths");
            }

            if (LimitPassed is not null)
            {
                return;
            }

            _found.Add([.. path, anchor]);
        }

        foreach (var issuer in IssuersOf(current, _intermediates))
        {
            if (LimitPassed is not null)
            {
                return;
            }

            if (path.Exists(c => c.Thumbprint == issuer.Thumbprint))
            {
                continue;
            }

            if (path.Count - 1 >= PathLimits.MaxIntermediates)
            {
                Stop($"a path longer than {PathLimits.MaxIntermediates} intermediates");
                return;
            }

            path.Add(issuer);
            Extend(path);
            path.RemoveAt(path.Count - 1);
        }
    }

    private void Stop(string what) => LimitPassed ??= new PathCheck(ReasonCode.PathLimit, $"path building refused: {what}");

    private List<PathCertificate> IssuersOf(PathCertificate child, IReadOnlyList<PathCertificate> pool)
    {
        var named = pool.Where(child.IsNamedIssuer).ToList();
        if (named.Count <= 1 || LimitPassed is not null)
        {
            return named; // one issuer by name needs no ordering, so no signature check
        }

        return [.. named
            .Select((issuer, index) => (issuer, index))
            .OrderBy(c => Verifies(child, c.issuer) ? 0 : 1)
            .ThenBy(c => child.KeyIdentifierMatches(c.issuer) ? 0 : 1)
            .ThenBy(c => c.index)
            .Select(c => c.issuer)];
    }

    private bool Verifies(PathCertificate child, PathCertificate issuer)
    {
        if (LimitPassed is not null)
        {
            return false;
        }

        if (!_verifies.TryGetValue((child, issuer), out var verifies))
        {
            if (_verifies.Count >= PathLimits.MaxSignatureChecks)
            {
                Stop($"more than {PathLimits.MaxSignatureChecks} signature checks");
                return false;
            }

            verifies = SignatureHint.Verifies(child, issuer);
            _verifies[(child, issuer)] = verifies;
        }

        return verifies;
    }
}
