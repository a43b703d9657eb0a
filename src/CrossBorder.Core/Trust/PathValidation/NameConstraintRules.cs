using CrossBorder.Contracts.V1;
using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;

namespace CrossBorder.Core.Trust.PathValidation;

/// <summary>
/// Name-constraint rules BouncyCastle does not apply, checked before it runs: the work is bounded
/// (<see cref="PathLimits.MaxNameComparisons"/>), a dNSName subtree written with a leading period
/// (a URI and e-mail convention, not a DNS name) refuses its CA, and a wildcard name (<c>*.example.com</c>)
/// is taken to cover every name one label below it, so an excluded name there refuses it.
/// </summary>
internal static class NameConstraintRules
{
    public static PathCheck Check(IReadOnlyList<PathCertificate> path)
    {
        try
        {
            return CheckDecoded(path);
        }
        catch (Exception ex) when (BouncyCastleErrors.IsDecodingError(ex))
        {
            return new PathCheck(ReasonCode.PathConstraint, "name constraints or names of the path cannot be decoded");
        }
    }

    private static PathCheck CheckDecoded(IReadOnlyList<PathCertificate> path)
    {
        var constraints = new List<(int Index, NameConstraints Constraints)>();
        for (var i = 1; i < path.Count; i++)
        {
            var extensions = path[i].Parsed.CertificateStructure.TbsCertificate.Extensions;
            if (extensions?.GetExtension(X509Extensions.NameConstraints) is { } extension)
            {
                constraints.Add((i, NameConstraints.GetInstance(extension.GetParsedValue())));
            }
        }

        if (constraints.Count == 0)
        {
            return PathCheck.Accepted;
        }

        var subtrees = constraints.Sum(c => (long)Subtrees(c.Constraints).Count());
        var names = path.Take(path.Count - 1).Sum(c => (long)NameCount(c));
        if (subtrees * (names + subtrees) > PathLimits.MaxNameComparisons)
        {
            return new PathCheck(
                ReasonCode.PathLimit, $"name constraints need more than {PathLimits.MaxNameComparisons} comparisons");
        }

        foreach (var (index, nameConstraints) in constraints)
        {
            if (Subtrees(nameConstraints).Select(DnsBase).Any(d => d is not null && d.StartsWith('.')))
            {
                return new PathCheck(ReasonCode.PathConstraint, $"a dNSName constraint has a leading period (depth {index})");
            }

            var excluded = (nameConstraints.ExcludedSubtreesValue?.GetElements() ?? []).Select(DnsBase).OfType<string>().ToList();
            if (excluded.Count > 0 && path.Take(index).Any(c => Wildcards(c).Any(w => excluded.Exists(e => e.EndsWith("." + w, StringComparison.Ordinal)))))
            {
                return new PathCheck(ReasonCode.PathConstraint, $"a wildcard name covers a name excluded by name constraints (depth {index})");
            }
        }

        return PathCheck.Accepted;
    }

    private static IEnumerable<GeneralSubtree> Subtrees(NameConstraints constraints) =>
        (constraints.PermittedSubtreesValue?.GetElements() ?? []).Concat(constraints.ExcludedSubtreesValue?.GetElements() ?? []);

    private static string? DnsBase(GeneralSubtree subtree) =>
        subtree.Base.TagNo == GeneralName.DnsName ? DerIA5String.GetInstance(subtree.Base.Name).GetString().ToLowerInvariant() : null;

    /// <summary>What each <c>*.</c> name covers, as its base: <c>*.example.com</c> gives <c>example.com</c>.</summary>
    private static IEnumerable<string> Wildcards(PathCertificate certificate) =>
        SubjectAltNames(certificate)
            .Where(n => n.TagNo == GeneralName.DnsName)
            .Select(n => DerIA5String.GetInstance(n.Name).GetString().ToLowerInvariant())
            .Where(n => n.StartsWith("*.", StringComparison.Ordinal))
            .Select(n => n[2..]);

    private static int NameCount(PathCertificate certificate) =>
        1 + certificate.Subject.GetValueList(X509Name.EmailAddress).Count + SubjectAltNames(certificate).Length;

    private static GeneralName[] SubjectAltNames(PathCertificate certificate) =>
        certificate.Parsed.GetSubjectAlternativeNameExtension()?.GetNames() ?? [];
}
