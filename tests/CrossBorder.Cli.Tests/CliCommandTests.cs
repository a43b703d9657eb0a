using System.Text.Json;
using System.Text.Json.Nodes;
using CrossBorder.Cli.Tests.Infrastructure;

namespace CrossBorder.Cli.Tests;

/// <summary>The command line: help, usage errors, and the probes against a gateway running in-process.</summary>
[Collection(SharedFederation.Name)]
public sealed class CliCommandTests(FederationFixture federation)
{
    [Fact]
    public async Task Help_exits_0_and_names_the_commands()
    {
        var result = await CliRunner.RunAsync("--help");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("dev-pki", result.Out, StringComparison.Ordinal);
        Assert.Contains("gateway", result.Out, StringComparison.Ordinal);
        Assert.Contains("local", result.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Unknown_option_exits_2_with_a_usage_line()
    {
        var result = await CliRunner.RunAsync("gateway", "ping", "--no-such-option");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.StartsWith("usage: ", result.Error, StringComparison.Ordinal);
        Assert.Contains("--no-such-option", result.Error, StringComparison.Ordinal);
        Assert.False(result.ShowsStackTrace, result.ToString());
    }

    [Fact]
    public async Task Gateway_ping_with_a_malformed_address_exits_2_with_a_usage_line()
    {
        var result = await CliRunner.RunAsync(
            "gateway", "ping", "--config", federation.ConfigPath("IT/NCP"), "--peer", "AL/NCP", "--address", "not a url");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.StartsWith("usage: ", result.Error, StringComparison.Ordinal);
        Assert.False(result.ShowsStackTrace, result.ToString());
    }

    [Fact]
    public async Task Gateway_ping_against_a_running_gateway_exits_0_and_names_both_verified_identities()
    {
        await using var gateway = await TestGateway.StartAsync(federation, "AL/NCP");

        var result = await CliRunner.RunAsync(
            "gateway", "ping", "--config", federation.ConfigPath("IT/NCP"), "--peer", "AL/NCP", "--address", gateway.PeerAddress.ToString());

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("verified server AL/NCP", result.Out, StringComparison.Ordinal);
        Assert.Contains("verified us as IT/NCP", result.Out, StringComparison.Ordinal);
        Assert.Equal("", result.Error);
        gateway.Log.AssertNoUnexpectedErrors();
    }

    [Fact]
    public async Task Gateway_ping_refused_by_the_peer_exits_1_with_one_rejected_line()
    {
        // The IT/NCP gateway is pinged by IT/NCP's identity expecting AL/NCP: the client refuses the server.
        await using var gateway = await TestGateway.StartAsync(federation, "IT/NCP");

        var result = await CliRunner.RunAsync(
            "gateway", "ping", "--config", federation.ConfigPath("IT/NCP"), "--peer", "AL/NCP", "--address", gateway.PeerAddress.ToString());

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.StartsWith("rejected: NOT_AUTHORIZED: ", result.Error, StringComparison.Ordinal);
        Assert.Single(result.Error.TrimEnd().Split('\n'));
        Assert.False(result.ShowsStackTrace, result.ToString());
        gateway.Log.AssertNoUnexpectedErrors();
    }

    [Fact]
    public async Task Local_whoami_against_a_running_gateway_exits_0_and_prints_the_role()
    {
        await using var gateway = await TestGateway.StartAsync(federation, "AL/NCP");
        using var directory = new TempDirectory();
        var profile = ProfileFor(gateway, directory, "case-worker");

        var result = await CliRunner.RunAsync("local", "whoami", "--profile", profile);

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("AL/NCP local role case-worker", result.Out, StringComparison.Ordinal);
        Assert.Contains("CASE_REFERRAL", result.Out, StringComparison.Ordinal);
        Assert.Equal("", result.Error);
        gateway.Log.AssertNoUnexpectedErrors();
    }

    /// <summary>A copy of AL/NCP's client profile for <paramref name="role"/>, pointing at the running gateway, with absolute paths.</summary>
    private string ProfileFor(TestGateway gateway, TempDirectory directory, string role)
    {
        var original = federation.ClientProfile("AL/NCP", role);
        var folder = Path.GetDirectoryName(original)!;
        var profile = JsonNode.Parse(File.ReadAllText(original))!.AsObject();
        profile["Gateway"] = gateway.LocalAddress.ToString();
        foreach (var file in new[] { "Certificate", "Key", "GatewayCa" })
        {
            profile[file] = Path.GetFullPath(profile[file]!.GetValue<string>(), folder);
        }

        var path = directory.File("profile.json");
        File.WriteAllText(path, profile.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        return path;
    }
}
