using System.Text.RegularExpressions;
using CrossBorder.Gateway.Tests.Infrastructure;

namespace CrossBorder.Gateway.Tests.Monitoring;

/// <summary>
/// The shipped <c>docs/ops/prometheus.yml</c> and <c>docs/ops/alerts.yml</c> as Prometheus's own
/// tool judges them: the configuration loads, the rules are valid, and every alert's unit tests
/// (firing and not firing) pass.
/// </summary>
[Collection(SharedFederation.Name)]
public sealed partial class PrometheusRulesTests(FederationFixture federation) : IDisposable
{
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public async Task The_alert_rules_are_valid()
    {
        var (exit, output) = await PrometheusTools.PromtoolAsync(_directory.Path, "check", "rules", PrometheusTools.Docs("alerts.yml"));

        Assert.True(exit == 0, output);
        Assert.Contains($"SUCCESS: {AlertNames().Count} rules found", output, StringComparison.Ordinal);
    }

    [Fact]
    public async Task The_alert_unit_tests_pass()
    {
        var (exit, output) = await PrometheusTools.PromtoolAsync(Path.GetDirectoryName(PrometheusTools.Docs("alerts.yml"))!, "test", "rules", "alerts.test.yml");

        Assert.True(exit == 0, output);
        Assert.Contains("SUCCESS", output, StringComparison.Ordinal);
    }

    [Fact]
    public void Every_alert_has_a_severity_says_what_to_do_and_is_tested_firing_and_not_firing()
    {
        var rules = File.ReadAllText(PrometheusTools.Docs("alerts.yml"));
        var tests = File.ReadAllText(PrometheusTools.Docs("alerts.test.yml"));
        var names = AlertNames();

        Assert.Equal(7, names.Count);
        Assert.Equal(names.Count, SeverityLine().Count(rules));
        Assert.Equal(names.Count, Regex.Count(rules, "^ {10}description: ", RegexOptions.Multiline));
        foreach (var name in names)
        {
            var cases = Regex.Matches(tests, $"alertname: {name}\\n\\s+exp_alerts:(.*)").Select(m => m.Groups[1].Value.Trim()).ToList();
            Assert.True(cases.Contains("[]"), $"{name} has no test where it does not fire");
            Assert.True(cases.Any(c => c.Length == 0), $"{name} has no test where it fires");
        }
    }

    [Fact]
    public async Task The_scrape_configuration_loads_with_a_gateways_token_and_local_CA_in_place()
    {
        // The layout prometheus.yml describes: its files next to it, the token and CA under crossborder/<participant>/.
        File.Copy(PrometheusTools.Docs("prometheus.yml"), _directory.File("prometheus.yml"));
        File.Copy(PrometheusTools.Docs("alerts.yml"), _directory.File("alerts.yml"));
        var files = Directory.CreateDirectory(_directory.File(Path.Combine("crossborder", "al-ncp"))).FullName;
        await File.WriteAllTextAsync(Path.Combine(files, "metrics.token"), "0123456789abcdef0123456789abcdef0123456789a\n");
        File.Copy(federation.ParticipantFile("AL/NCP", "local", "ca.crt"), Path.Combine(files, "local-ca.crt"));

        var (exit, output) = await PrometheusTools.PromtoolAsync(_directory.Path, "check", "config", "prometheus.yml");

        Assert.True(exit == 0, output);
        Assert.Contains("SUCCESS: 7 rules found", output, StringComparison.Ordinal);
    }

    private static List<string> AlertNames() =>
        [.. AlertLine().Matches(File.ReadAllText(PrometheusTools.Docs("alerts.yml"))).Select(m => m.Groups[1].Value)];

    [GeneratedRegex("^ +- alert: (\\w+)$", RegexOptions.Multiline)]
    private static partial Regex AlertLine();

    [GeneratedRegex("^ +severity: (warning|critical)$", RegexOptions.Multiline)]
    private static partial Regex SeverityLine();
}
