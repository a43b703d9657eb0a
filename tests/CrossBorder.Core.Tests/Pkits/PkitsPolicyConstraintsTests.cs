using CrossBorder.Contracts.V1;
using CrossBorder.Core.Errors;
using CrossBorder.Core.Trust.PathValidation;

namespace CrossBorder.Core.Tests.Pkits;

/// <summary>
/// PKITS (2011) follows RFC 3280, which let policyConstraints be non-critical; RFC 5280 4.2.1.11
/// requires it critical, and the validator refuses it otherwise (PATH_CONSTRAINT). The cases whose
/// path holds such a certificate are therefore refused; so that PKITS still tests policy processing
/// on them, the RFC 5280 engine alone is run on each case's listed path and must give PKITS's answer.
/// </summary>
public sealed class PkitsPolicyConstraintsTests(PkitsRun run) : IClassFixture<PkitsRun>
{
    private const string PolicyConstraints = "2.5.29.36";

    /// <summary>Whether a certificate of the case's listed path carries a non-critical policyConstraints extension.</summary>
    public static bool HasNonCriticalPolicyConstraints(PkitsRun run, PkitsCase pkitsCase)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(pkitsCase);
        return Listed(pkitsCase).Select(run.Certificate).Any(c => c?.Extensions[PolicyConstraints] is { Critical: false });
    }

    [Fact]
    public void Cases_with_non_critical_policy_constraints_are_refused_as_a_path_constraint()
    {
        var affected = run.Outcomes.Where(o => HasNonCriticalPolicyConstraints(run, o.Case)).ToList();

        Assert.True(affected.Count == 59, $"{affected.Count} cases");
        Assert.All(affected, o => Assert.True(
            !o.Accepted && o.Reason == ReasonCode.PathConstraint && o.Detail.Contains("policy constraints must be critical", StringComparison.Ordinal),
            o.ToString()));
    }

    [Fact]
    public void Policy_processing_alone_gives_the_pkits_result_on_the_cases_with_non_critical_policy_constraints()
    {
        var parses = new ParsedCertificates();
        var wrong = new List<string>();
        foreach (var pkitsCase in run.Cases.Where(c => HasNonCriticalPolicyConstraints(run, c)))
        {
            var path = Listed(pkitsCase).Select(name => PathCertificate.TryCreate(run.Certificate(name)!, parses)!).ToList();
            var crls = CrlSet.TryParse([.. pkitsCase.Crls.Select(name => File.ReadAllBytes(Path.Combine(PkitsCase.Directory, "crls", name)))])!;
            var policy = new PolicySettings
            {
                InitialPolicies = pkitsCase.Settings.InitialPolicySet,
                ExplicitPolicy = pkitsCase.Settings.InitialExplicitPolicy,
                InhibitPolicyMapping = pkitsCase.Settings.InitialPolicyMappingInhibit,
                InhibitAnyPolicy = pkitsCase.Settings.InitialAnyPolicyInhibit,
            };

            var untrusted = pkitsCase.Intermediates.Select(name => PathCertificate.TryCreate(run.Certificate(name)!, parses)!).ToList();
            var check = RfcPathEngine.Run(path, untrusted, crls.CurrentAt(pkitsCase.ValidationTime), pkitsCase.ValidationTime, policy);
            if (check.IsAccepted != pkitsCase.ExpectedValid)
            {
                wrong.Add($"{pkitsCase} (expected {pkitsCase.Expected}): {check.Reason.Name()} {check.Detail}");
            }
        }

        Assert.True(wrong.Count == 0, string.Join(Environment.NewLine, wrong));
    }

    private static IEnumerable<string> Listed(PkitsCase pkitsCase) =>
        new[] { pkitsCase.Leaf }.Concat(pkitsCase.CertificationPath).Append(pkitsCase.Anchor);
}
