using CrossBorder.Contracts.V1;
using CrossBorder.Core.Errors;

namespace CrossBorder.Core.Tests.Pkits;

/// <summary>
/// NIST PKITS (2011) through the path validator: every case of cases.json runs; every
/// default-settings case gives the PKITS result except the DSA cases our profile refuses and the
/// cases whose path holds non-critical policy constraints (RFC 5280 4.2.1.11 requires them
/// critical; PKITS predates that, see <see cref="PkitsPolicyConstraintsTests"/>); no case PKITS
/// expects invalid is ever accepted; the policy-settings re-runs pass too.
/// Exceptions and their reasons are listed in docs/pkits.md.
/// </summary>
public sealed class PkitsTests(PkitsRun run) : IClassFixture<PkitsRun>
{
    /// <summary>Valid per PKITS, refused by our profile (CRYPTO.md refuses DSA and SHA-1).</summary>
    private static readonly Dictionary<string, ReasonCode[]> ProfileRefusals = new(StringComparer.Ordinal)
    {
        ["4.1.4"] = [ReasonCode.AlgRefused], // DSA keys, DSA-with-SHA-1 signatures
        ["4.1.5"] = [ReasonCode.AlgRefused, ReasonCode.Malformed], // DSA without domain parameters: .NET cannot load it
    };

    [Fact]
    public void Every_case_of_cases_json_is_run()
    {
        Assert.Equal(255, PkitsCase.CountInFile());
        Assert.Equal(PkitsCase.CountInFile(), run.Outcomes.Count);
        Assert.Equal(run.Cases.Count, run.Outcomes.Select(o => o.Case.Id).Distinct(StringComparer.Ordinal).Count());
        Assert.Equal(223, run.Outcomes.Count(o => !o.Case.HasPolicySettings));
        Assert.Equal(32, run.Outcomes.Count(o => o.Case.HasPolicySettings));
    }

    [Fact]
    public void Default_settings_cases_give_the_pkits_result_except_the_profile_refusals()
    {
        var wrong = run.Outcomes
            .Where(o => !o.Case.HasPolicySettings && !ProfileRefusals.ContainsKey(o.Case.Id))
            .Where(o => !PkitsPolicyConstraintsTests.HasNonCriticalPolicyConstraints(run, o.Case))
            .Where(o => o.Accepted != o.Case.ExpectedValid)
            .ToList();

        Assert.True(wrong.Count == 0, string.Join(Environment.NewLine, wrong));
    }

    [Fact]
    public void Policy_settings_reruns_give_the_pkits_result()
    {
        var reruns = run.Outcomes.Where(o => o.Case.HasPolicySettings).ToList();
        var wrong = reruns
            .Where(o => !PkitsPolicyConstraintsTests.HasNonCriticalPolicyConstraints(run, o.Case))
            .Where(o => o.Accepted != o.Case.ExpectedValid)
            .ToList();

        Assert.Equal(32, reruns.Count);
        Assert.True(wrong.Count == 0, string.Join(Environment.NewLine, wrong));
    }

    [Fact]
    public void No_case_expected_invalid_is_ever_accepted()
    {
        var invalid = run.Outcomes.Where(o => !o.Case.ExpectedValid).ToList();
        var accepted = invalid.Where(o => o.Accepted).ToList();

        Assert.Equal(134, invalid.Count);
        Assert.True(accepted.Count == 0, string.Join(Environment.NewLine, accepted));
    }

    [Fact]
    public void Dsa_cases_are_refused_by_the_profile()
    {
        var dsa = run.Outcomes.Where(o => o.Case.Requires.Contains("dsa")).ToList();

        Assert.Equal(["4.1.4", "4.1.5", "4.1.6"], dsa.Select(o => o.Case.Id));
        Assert.All(dsa, o => Assert.False(o.Accepted, o.ToString()));
        Assert.Equal(ReasonCode.AlgRefused, run["4.1.4"].Reason);
        Assert.Contains(run["4.1.5"].Reason, ProfileRefusals["4.1.5"]);
        Assert.Equal(ReasonCode.AlgRefused, run["4.1.6"].Reason);
    }

    [Fact]
    public void The_only_cases_against_the_pkits_result_are_the_profile_refusals()
    {
        var against = run.Outcomes.Where(o => o.Accepted != o.Case.ExpectedValid).Select(o => o.Case.Id).Order(StringComparer.Ordinal);
        var strict = run.Outcomes
            .Where(o => o.Case.ExpectedValid && PkitsPolicyConstraintsTests.HasNonCriticalPolicyConstraints(run, o.Case))
            .Select(o => o.Case.Id);

        Assert.Equal(ProfileRefusals.Keys.Concat(strict).Order(StringComparer.Ordinal), against);
    }

    [Theory]
    [InlineData("4.1.2", ReasonCode.BadSignature)] // Invalid CA Signature
    [InlineData("4.1.3", ReasonCode.BadSignature)] // Invalid EE Signature
    [InlineData("4.2.1", ReasonCode.Expired)] // CA notBefore in the future
    [InlineData("4.2.5", ReasonCode.Expired)] // CA notAfter in the past
    [InlineData("4.2.6", ReasonCode.Expired)] // EE notAfter in the past
    [InlineData("4.3.1", ReasonCode.Untrusted)] // name chaining broken: no path
    [InlineData("4.4.1", ReasonCode.RevocationUnknown)] // Missing CRL
    [InlineData("4.4.2", ReasonCode.Revoked)] // revoked CA
    [InlineData("4.4.3", ReasonCode.Revoked)] // revoked EE
    [InlineData("4.4.4", ReasonCode.RevocationUnknown)] // bad CRL signature: the CRL is unusable
    [InlineData("4.4.11", ReasonCode.RevocationUnknown)] // CRL past nextUpdate
    [InlineData("4.6.1", ReasonCode.PathConstraint)] // missing basicConstraints
    [InlineData("4.6.2", ReasonCode.PathConstraint)] // cA false
    [InlineData("4.6.5", ReasonCode.PathConstraint)] // pathLenConstraint
    [InlineData("4.7.1", ReasonCode.KeyUsage)] // keyCertSign false, critical
    [InlineData("4.7.2", ReasonCode.KeyUsage)] // keyCertSign false, not critical
    [InlineData("4.7.4", ReasonCode.KeyUsage)] // cRLSign false
    [InlineData("4.8.4", ReasonCode.PathConstraint)] // certificate policies
    [InlineData("4.10.7", ReasonCode.PathConstraint)] // mapping to anyPolicy
    [InlineData("4.13.2", ReasonCode.PathConstraint)] // DN name constraints
    [InlineData("4.13.22", ReasonCode.PathConstraint)] // rfc822 name constraints
    [InlineData("4.13.31", ReasonCode.PathConstraint)] // DNS name constraints
    [InlineData("4.13.35", ReasonCode.PathConstraint)] // URI name constraints
    [InlineData("4.14.17", ReasonCode.RevocationUnknown)] // onlySomeReasons: not every reason covered
    [InlineData("4.15.3", ReasonCode.Revoked)] // revoked on a delta CRL
    [InlineData("4.16.2", ReasonCode.CriticalExtension)] // unknown critical private extension
    public void Refusals_carry_the_reason_code_of_what_failed(string id, ReasonCode expected)
    {
        var outcome = run[id];

        Assert.False(outcome.Accepted, outcome.ToString());
        Assert.True(outcome.Reason == expected, $"{outcome} — expected {expected.Name()}");
    }

    [Fact]
    public void Every_name_constraints_refusal_is_a_path_constraint()
    {
        var refused = run.Outcomes.Where(o => o.Case.Section == "4.13" && !o.Case.ExpectedValid).ToList();

        Assert.Equal(22, refused.Count);
        Assert.All(refused, o => Assert.True(o.Reason == ReasonCode.PathConstraint, o.ToString()));
    }

    [Fact]
    public void Valid_cases_are_accepted_on_the_path_pkits_lists_leaf_first_and_anchor_last()
    {
        var accepted = run.Outcomes.Where(o => o.Accepted).ToList();

        Assert.NotEmpty(accepted);
        Assert.All(accepted, o =>
        {
            var listed = new[] { o.Case.Leaf }.Concat(o.Case.CertificationPath).Append(o.Case.Anchor)
                .Select(name => run.Certificate(name)!.Subject);
            Assert.Equal(listed, o.PathSubjects);
        });
    }

    [Fact]
    public void One_validator_used_from_several_threads_gives_the_same_answers()
    {
        var sample = run.Outcomes.Where((_, index) => index % 5 == 0).ToList();
        var again = new PkitsOutcome[sample.Count];

        Parallel.For(0, sample.Count, new ParallelOptions { MaxDegreeOfParallelism = 4 }, i => again[i] = run.Run(sample[i].Case));

        Assert.Equal(sample.Select(o => (o.Case.Id, o.Accepted, o.Reason)), again.Select(o => (o.Case.Id, o.Accepted, o.Reason)));
    }

    [Fact]
    public void Running_a_case_again_gives_the_same_answer()
    {
        foreach (var id in new[] { "4.4.3", "4.5.3", "4.14.30", "4.8.14.2" })
        {
            var again = run.Run(run[id].Case);
            Assert.Equal(run[id].Accepted, again.Accepted);
            Assert.Equal(run[id].Reason, again.Reason);
            Assert.Equal(run[id].Detail, again.Detail);
            Assert.Equal(run[id].PathSubjects, again.PathSubjects);
        }
    }
}
