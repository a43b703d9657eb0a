using System.Text.Json;
using System.Xml.Linq;
using CrossBorder.Conformance.Cases;
using CrossBorder.Conformance.Tests.Infrastructure;
using CrossBorder.Contracts.V1;

namespace CrossBorder.Conformance.Tests;

/// <summary><c>crossborder conformance run</c>: its lines, summary, JSON, JUnit XML, <c>--only</c> and exit codes.</summary>
public sealed class ConformanceCommandTests(FederationFixture federation) : IClassFixture<FederationFixture>, IDisposable
{
    private readonly TempDirectory _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task Run_prints_a_line_per_case_and_the_summary_writes_JUnit_and_exits_0_when_every_MUST_passes()
    {
        await using var gateway = await TestGateway.StartAsync(federation, Harness.Target, o => o.DataDirectory = _data.File("al"));
        var junit = _data.File("conformance.xml");

        var result = await CliRunner.RunAsync("conformance", "run", "--profile", Harness.Profile(federation), "--target", HostPort(gateway.PeerAddress), "--only", "6", "--junit", junit);

        Assert.True(result.ExitCode == 0, result.ToString());
        var lines = result.Out.TrimEnd().Split(Environment.NewLine);
        Assert.Equal(9, lines.Length);
        Assert.All(lines[..^1], line => Assert.Matches(@"^PASS   6  WS-6-[235]    binding\.[a-z-]+  expected a refusal with HEADER_MISMATCH before authentication, saw status \w+ with reason HEADER_MISMATCH$", line));
        Assert.Single(lines, line => line.Contains("WS-6-5    binding.payload-type", StringComparison.Ordinal));
        Assert.Single(lines, line => line.Contains("WS-6-3    binding.length-not-size-bucket", StringComparison.Ordinal));
        Assert.Equal("8 passed, 0 failed, 0 skipped", lines[^1]);
        var suite = XDocument.Load(junit).Root!.Element("testsuite")!;
        Assert.Equal("8", suite.Attribute("tests")!.Value);
        Assert.Equal("0", suite.Attribute("failures")!.Value);
        Assert.All(suite.Elements("testcase"), testcase => Assert.Equal("6 Inner header binding", testcase.Attribute("classname")!.Value));
        Assert.Empty(result.Error);
    }

    [Fact]
    public async Task Run_with_json_prints_one_document_and_exits_1_when_a_MUST_fails()
    {
        await using var gateway = await TestGateway.StartAsync(federation, Harness.Target, o => o.DataDirectory = _data.File("al"));
        await using var face = await FaultyPeerFace.StartAsync(federation, gateway, Harness.Target, Harness.Sender, "GR/NCP", new PeerFault("no AES-GCM check", AcceptsInsteadOf: ReasonCode.DecryptFailed));

        var result = await CliRunner.RunAsync("conformance", "run", "--profile", Harness.Profile(federation), "--target", HostPort(face.Address), "--only", "5", "--json");

        Assert.True(result.ExitCode == 1, result.ToString());
        using var document = JsonDocument.Parse(result.Out);
        var cases = document.RootElement.GetProperty("cases").EnumerateArray().ToList();
        Assert.Equal(CaseTable.Rows.Count(r => r.Section == 5), cases.Count);
        Assert.All(cases, c => Assert.Equal(5, c.GetProperty("section").GetInt32()));
        var failed = cases.Where(c => c.GetProperty("status").GetString() == "FAIL").Select(c => c.GetProperty("id").GetString()).ToList();
        Assert.Equal(["envelope.tampered-ciphertext", "envelope.tampered-tag", "envelope.tampered-wrapped-key"], failed);
        Assert.All(cases.Where(c => c.GetProperty("status").GetString() == "FAIL"), c =>
        {
            Assert.Equal("MUST", c.GetProperty("level").GetString());
            Assert.Equal("WS-5-13", c.GetProperty("requirement").GetString());
            Assert.Equal("saw a signed receipt", c.GetProperty("saw").GetString());
        });
        Assert.Equal(cases.Count - 3 - Harness.NeedAnRsaTarget.Length, document.RootElement.GetProperty("passed").GetInt32());
        Assert.Equal(3, document.RootElement.GetProperty("failed").GetInt32());
        Assert.True(document.RootElement.GetProperty("mustFailed").GetBoolean());
        Assert.Equal("AL/NCP", document.RootElement.GetProperty("target").GetString());
    }

    [Theory]
    [InlineData("--target", "127.0.0.1", "must be HOST:PORT")]
    [InlineData("--only", "14", "is not a section of the wire spec")]
    public async Task Bad_arguments_are_usage_errors(string option, string value, string message)
    {
        string[] target = option == "--target" ? [] : ["--target", "127.0.0.1:1"];
        string[] args = ["conformance", "run", "--profile", Harness.Profile(federation), .. target, option, value];

        var result = await CliRunner.RunAsync(args);

        Assert.Equal(2, result.ExitCode);
        Assert.Contains(message, result.Error, StringComparison.Ordinal);
        Assert.Empty(result.Out);
    }

    [Fact]
    public async Task A_profile_that_lacks_a_credential_is_a_usage_error_naming_it()
    {
        var profile = _data.File("profile.json");
        await File.WriteAllTextAsync(profile, """{ "participant": "IT/NCP", "tls": { "certificate": "tls.crt" } }""");

        var result = await CliRunner.RunAsync("conformance", "run", "--profile", profile, "--target", "127.0.0.1:1");

        Assert.Equal(2, result.ExitCode);
        Assert.Contains("lacks tls.key, signing.certificate, signing.key, trustList, operatorCertificate, legalBasis", result.Error, StringComparison.Ordinal);
    }

    private static string HostPort(Uri address) => $"{address.Host}:{address.Port}";
}
