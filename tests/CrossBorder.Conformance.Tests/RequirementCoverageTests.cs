using System.Globalization;
using System.Text.Json;
using CrossBorder.Conformance.Cases;
using CrossBorder.Conformance.Responder;

namespace CrossBorder.Conformance.Tests;

/// <summary>
/// Every MUST of the wire spec is checked from outside — by a case of <c>conformance run</c>, a check
/// of the responder or a test vector — or, where no partner's harness can observe it, listed in
/// docs/conformance/checked-elsewhere.tsv with the test of our own suite that proves it and why.
/// </summary>
public sealed class RequirementCoverageTests
{
    [Fact]
    public void Every_MUST_of_the_spec_is_checked_by_a_case_a_responder_check_a_vector_or_a_listed_test_of_our_own()
    {
        var musts = Requirements().Where(r => r.Value == "MUST").Select(r => r.Key).ToHashSet(StringComparer.Ordinal);
        var fromOutside = FromOutside();
        var elsewhere = Elsewhere();

        var uncovered = musts.Where(id => !fromOutside.Contains(id) && !elsewhere.ContainsKey(id)).Order(StringComparer.Ordinal).ToList();
        Assert.True(uncovered.Count == 0, $"no case, responder check, vector or listed test for {string.Join(", ", uncovered)}");
        Assert.True(fromOutside.Count(musts.Contains) >= musts.Count * 4 / 5, "most MUSTs must be checkable from outside");
    }

    [Fact]
    public void The_list_of_requirements_checked_elsewhere_holds_only_MUSTs_no_harness_checks_each_with_a_test_and_a_reason()
    {
        var requirements = Requirements();
        var fromOutside = FromOutside();

        Assert.All(Elsewhere(), entry =>
        {
            Assert.True(requirements.TryGetValue(entry.Key, out var level) && level == "MUST", $"{entry.Key} is not a MUST of the spec");
            Assert.False(fromOutside.Contains(entry.Key), $"{entry.Key} is checked from outside now: take it off checked-elsewhere.tsv");
            Assert.Contains("Tests ", entry.Value.Where, StringComparison.Ordinal);
            Assert.True(entry.Value.Why.Length >= 20, $"{entry.Key} needs a reason");
        });
    }

    [Fact]
    public void Every_statement_a_case_also_cites_is_in_the_spec()
    {
        var requirements = Requirements();
        Assert.All(CaseTable.Rows.SelectMany(r => r.Requirements), id => Assert.True(requirements.ContainsKey(id), $"{id} is not in requirements.tsv"));
    }

    private static HashSet<string> FromOutside()
    {
        var ids = new HashSet<string>(CaseTable.Rows.SelectMany(r => r.Requirements), StringComparer.Ordinal);
        ids.UnionWith(SenderRequirement.All.Select(r => r.Id));
        using var index = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(AppContext.BaseDirectory, "vectors", "vectors.json")));
        foreach (var group in index.RootElement.GetProperty("testGroups").EnumerateArray())
        {
            foreach (var test in group.GetProperty("tests").EnumerateArray())
            {
                ids.UnionWith(test.GetProperty("requirements").EnumerateArray().Select(r => r.GetString()!));
            }
        }

        return ids;
    }

    private static Dictionary<string, string> Requirements() =>
        File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "requirements.tsv"))
            .Select(l => l.Split('\t'))
            .ToDictionary(f => f[0], f => f[1], StringComparer.Ordinal);

    private static Dictionary<string, (string Where, string Why)> Elsewhere()
    {
        var lines = File.ReadAllLines(Path.Combine(AppContext.BaseDirectory, "checked-elsewhere.tsv"));
        Assert.Equal("id\twhere\twhy not from outside", lines[0]);
        var entries = new Dictionary<string, (string, string)>(StringComparer.Ordinal);
        foreach (var (line, number) in lines.Skip(1).Select((l, i) => (l, i + 2)))
        {
            var fields = line.Split('\t');
            Assert.True(fields.Length == 3, string.Create(CultureInfo.InvariantCulture, $"checked-elsewhere.tsv line {number} has {fields.Length} fields"));
            Assert.True(entries.TryAdd(fields[0], (fields[1], fields[2])), $"{fields[0]} is listed twice");
        }

        return entries;
    }
}
