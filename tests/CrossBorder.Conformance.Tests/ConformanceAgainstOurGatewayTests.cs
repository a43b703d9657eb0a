using CrossBorder.Conformance.Cases;
using CrossBorder.Conformance.Model;
using CrossBorder.Conformance.Tests.Infrastructure;

namespace CrossBorder.Conformance.Tests;

/// <summary>The harness against our own gateway, started on loopback with the dev federation: every case it can play passes.</summary>
public sealed class ConformanceAgainstOurGatewayTests(FederationFixture federation) : IClassFixture<FederationFixture>, IDisposable
{
    private readonly TempDirectory _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task Every_case_passes_against_our_gateway_but_the_types_the_trust_list_does_not_allow()
    {
        await using var gateway = await TestGateway.StartAsync(federation, Harness.Target, o => o.DataDirectory = _data.File("al"));

        var report = await Harness.RunAsync(federation, gateway.PeerAddress);

        Assert.True(report.Failed == 0, string.Join(Environment.NewLine, report.Results.Where(r => r.Verdict.Status != CaseStatus.Pass).Select(r => $"{r.Spec.Id}: {r.Verdict.Saw}")));
        Assert.Equal(Harness.SkippedAgainstTarget.Order(StringComparer.Ordinal), report.With(CaseStatus.Skip));
        Assert.All(report.Results.Where(r => r.Verdict.Status == CaseStatus.Skip && !Harness.NeedAnRsaTarget.Contains(r.Spec.Id)),
            r => Assert.Contains("the trust list does not let IT/NCP send", r.Verdict.Saw, StringComparison.Ordinal));
        Assert.All(report.Results.Where(r => Harness.NeedAnRsaTarget.Contains(r.Spec.Id)),
            r => Assert.Contains("the trust list gives AL/NCP no RSA encryption certificate", r.Verdict.Saw, StringComparison.Ordinal));
        Assert.Equal(CaseTable.Rows.Count, report.Results.Count);
        Assert.True(report.Passed >= 40, $"only {report.Passed} cases passed");
        Assert.False(report.MustFailed);
        Assert.Equal("AL/NCP", report.Target);
        Assert.Contains(report.Results, r => r.Spec.Id == "envelope.tampered-tag" && r.Verdict.Saw.Contains("reason DECRYPT_FAILED", StringComparison.Ordinal));
        Assert.Contains(report.Results, r => r.Spec.Id == "duplicates.id-conflict" && r.Verdict.Saw.Contains("REJECTED ID_CONFLICT", StringComparison.Ordinal));
        Assert.Contains(report.Results, r => r.Spec.Id == "algorithms.ecdh-sha1-kdf" && r.Verdict.Saw.Contains("reason ALG_REFUSED", StringComparison.Ordinal));
        Assert.Contains(report.Results, r => r.Spec.Id == "cms.optional-parts" && r.Verdict.Saw.Contains("ACCEPTED", StringComparison.Ordinal));
        gateway.Log.AssertNoUnexpectedErrors();
    }

    [Fact]
    public async Task The_sealed_envelope_cases_pass_against_our_gateway_with_an_rsa_encryption_key()
    {
        // GR/NCP's encryption certificate is RSA: the key transport cases play, the key agreement ones cannot.
        await using var gateway = await TestGateway.StartAsync(federation, "GR/NCP", o => o.DataDirectory = _data.File("gr"));

        var report = await Harness.RunAsync(federation, gateway.PeerAddress, only: 5);

        Assert.True(report.Failed == 0, string.Join(Environment.NewLine, report.Results.Where(r => r.Verdict.Status == CaseStatus.Fail).Select(r => $"{r.Spec.Id}: {r.Verdict.Saw}")));
        Assert.Equal("GR/NCP", report.Target);
        var forged = report.Results.Where(r => r.Spec.Id.StartsWith("algorithms.", StringComparison.Ordinal) || r.Spec.Id.StartsWith("cms.", StringComparison.Ordinal)).ToList();
        Assert.Equal(Harness.NeedAnEcTarget.Order(StringComparer.Ordinal), forged.Where(r => r.Verdict.Status == CaseStatus.Skip).Select(r => r.Spec.Id).Order(StringComparer.Ordinal));
        Assert.All(forged.Where(r => r.Verdict.Status == CaseStatus.Skip), r => Assert.Contains("GR/NCP no EC encryption certificate", r.Verdict.Saw, StringComparison.Ordinal));
        Assert.All(Harness.NeedAnRsaTarget, id => Assert.Contains(forged, r => r.Spec.Id == id && r.Verdict.Status == CaseStatus.Pass && r.Verdict.Saw.Contains("reason ALG_REFUSED", StringComparison.Ordinal)));
        gateway.Log.AssertNoUnexpectedErrors();
    }

    [Fact]
    public void Every_row_of_the_case_table_has_exactly_one_case_and_cites_a_requirement_of_the_spec_with_its_section_and_level()
    {
        var cases = CaseCatalog.All();
        var requirements = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "requirements.tsv"))
            .Select(l => l.Split('\t'))
            .ToDictionary(f => f[0], f => (Level: f[1], Section: int.Parse(f[2], System.Globalization.CultureInfo.InvariantCulture)), StringComparer.Ordinal);

        Assert.Equal(CaseTable.Rows.Select(r => r.Id), cases.Select(c => c.Spec.Id));
        Assert.Equal(cases.Count, cases.Select(c => c.Spec.Id).Distinct(StringComparer.Ordinal).Count());
        Assert.All(CaseTable.Rows, r =>
        {
            Assert.True(requirements.TryGetValue(r.Requirement, out var requirement), $"{r.Id} cites {r.Requirement}, which the spec does not list");
            Assert.Equal(r.Section, requirement.Section);
            Assert.Equal(r.Level == CaseLevel.Must ? "MUST" : "SHOULD", requirement.Level);
        });
        Assert.All(cases, c => Assert.False(string.IsNullOrWhiteSpace(c.Expectation)));
    }
}
