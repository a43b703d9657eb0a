
namespace CrossBorder.Cli.Tests;

/// <summary><c>crossborder policy check|explain</c>: exit codes 0/1/2 and what they print.</summary>
public sealed class PolicyCliTests : IDisposable
{
    private static readonly string Root = FindRoot();
    private readonly DirectoryInfo _scratch = Directory.CreateTempSubdirectory("crossborder-policy-cli-");

    private static string Example(string name) => Path.Combine(Root, "docs", "examples", "payloads", name + ".json");

    public void Dispose() => _scratch.Delete(recursive: true);

    [Fact]
    public async Task Check_of_the_shipped_default_policy_exits_0()
    {
        var result = await CliRunner.RunAsync("policy", "check", "--policy", Path.Combine(Root, "src", "CrossBorder.Core", "Policy", "Default", "default-policy.yaml"));

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.StartsWith("valid: crossborder-default version 1", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Check_of_an_invalid_policy_exits_1_listing_every_error_with_file_and_line()
    {
        var file = Path.Combine(_scratch.FullName, "bad.yaml");
        await File.WriteAllTextAsync(file, "id: p\nversion: \"1\"\nrules:\n  - id: r\n    match: { types: [RETURN_TICKET] }\n    allow: [x]\n  - id: s\n    match: { types: [RETURN_PLAN], purposes: [HOLIDAY] }\n    allow: [shoe_size]\n");

        var result = await CliRunner.RunAsync("policy", "check", "--policy", file);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Contains($"{file}:5: unknown message type 'RETURN_TICKET'", result.Error, StringComparison.Ordinal);
        Assert.Contains($"{file}:8: unknown purpose 'HOLIDAY'", result.Error, StringComparison.Ordinal);
        Assert.Contains($"{file}:9: unknown field path 'shoe_size' for RETURN_PLAN", result.Error, StringComparison.Ordinal);
        Assert.False(result.ShowsStackTrace, result.ToString());
    }

    [Fact]
    public async Task Explain_prints_the_minimized_payload_and_the_decision_table_and_exits_0()
    {
        var result = await CliRunner.RunAsync(
            "policy", "explain", "--type", "IDENTITY_CONFIRMATION_REQUEST", "--to", "AL/CONSULAR", "--purpose", "IDENTITY_VERIFICATION",
            "--payload", Example("identity-confirmation-request"), "--at", "2026-11-20T10:00:00Z");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("\"familyName\": \"SHEMBULLI\"", result.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("fingerprints", result.Out.Split("policy crossborder-default")[0], StringComparison.Ordinal);
        Assert.Contains("identity_confirmation_request.remarks", result.Out, StringComparison.Ordinal);
        Assert.Contains("R1-identity-evidence-only", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Explain_of_a_refused_message_exits_1_naming_the_rule()
    {
        var result = await CliRunner.RunAsync(
            "policy", "explain", "--type", "LAW_ENFORCEMENT_INFORMATION", "--from", "IT/POLICE", "--to", "AL/NCP", "--purpose", "CRIMINAL_INVESTIGATION",
            "--payload", Example("law-enforcement-information"));

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Equal(
            "rejected: POLICY_REFUSED: rule R10-police-data-only-to-police refuses the message (POLICY_CHANNEL_SEPARATION)",
            result.Error.Trim());
    }

    [Fact]
    public async Task Explain_of_a_payload_giving_a_flag_twice_exits_1_with_MALFORMED_naming_the_field_path()
    {
        var file = Path.Combine(_scratch.FullName, "twice.json");
        await File.WriteAllTextAsync(file, """
            {"identityConfirmationRequest": {"person": {"familyName": "SHEMBULLI"}, "internationalProtection": true, "internationalProtection": false}}
            """);

        var result = await CliRunner.RunAsync(
            "policy", "explain", "--type", "IDENTITY_CONFIRMATION_REQUEST", "--to", "AL/CONSULAR", "--purpose", "IDENTITY_VERIFICATION", "--payload", file);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Equal(
            $"rejected: MALFORMED: --payload {file}: identity_confirmation_request.international_protection: the field is given more than once",
            result.Error.Trim());
        Assert.Equal("", result.Out);
    }

    [Fact]
    public async Task Explain_of_a_payload_with_values_not_in_their_declared_form_exits_1_with_INVALID_FORMAT_and_a_line_per_field()
    {
        var file = Path.Combine(_scratch.FullName, "formats.json");
        await File.WriteAllTextAsync(file, """
            {"identityConfirmationRequest": {"person": {"familyName": "SHEMBULLI", "nationalities": ["ALB", "DRITA"]}, "languages": ["sq", "she stays in Elbasan"]}}
            """);

        var result = await CliRunner.RunAsync(
            "policy", "explain", "--type", "IDENTITY_CONFIRMATION_REQUEST", "--to", "AL/CONSULAR", "--purpose", "IDENTITY_VERIFICATION", "--payload", file);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Equal(
            "rejected: INVALID_FORMAT: 2 field(s) not in their declared form, first identity_confirmation_request.person.nationalities[1] (FORMAT_COUNTRY)",
            result.Error.Trim());
        Assert.Matches(@"identity_confirmation_request\.person\.nationalities\[1\] +REFUSED +payload-format +FORMAT_COUNTRY", result.Out);
        Assert.Matches(@"identity_confirmation_request\.languages\[1\] +REFUSED +payload-format +FORMAT_LANGUAGE", result.Out);
        Assert.Contains("refused by payload-format (FORMAT_COUNTRY): the message would not be sent", result.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("DRITA", result.Out + result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("Elbasan", result.Out + result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("--type", "RETURN_TICKET")]
    [InlineData("--to", "nobody")]
    [InlineData("--purpose", "HOLIDAY")]
    [InlineData("--to", "FR/NCP")]
    public async Task Explain_with_bad_arguments_exits_2(string option, string value)
    {
        var args = new Dictionary<string, string>
        {
            ["--type"] = "RETURN_PLAN",
            ["--to"] = "AL/NCP",
            ["--purpose"] = "RETURN_COORDINATION",
            ["--payload"] = Example("return-plan"),
        };
        args[option] = value;

        var result = await CliRunner.RunAsync(["policy", "explain", .. args.SelectMany(kv => new[] { kv.Key, kv.Value })]);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.StartsWith("usage: ", result.Error, StringComparison.Ordinal);
    }

    private static string FindRoot()
    {
        var directory = new DirectoryInfo(AppContext.BaseDirectory);
        while (directory is not null && !File.Exists(Path.Combine(directory.FullName, "CrossBorder.sln")))
        {
            directory = directory.Parent;
        }

        return directory?.FullName ?? throw new InvalidOperationException("run the tests inside the repository");
    }
}
