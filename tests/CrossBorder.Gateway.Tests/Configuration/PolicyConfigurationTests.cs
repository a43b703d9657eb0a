using CrossBorder.Core.Policy;
using CrossBorder.Gateway.Configuration;
using CrossBorder.Gateway.Hosting;
using CrossBorder.Gateway.Tests.Infrastructure;

namespace CrossBorder.Gateway.Tests.Configuration;

/// <summary>The gateway's minimization policy: refused at startup when invalid, reloaded while running only when valid.</summary>
[Collection(SharedFederation.Name)]
public sealed class PolicyConfigurationTests(FederationFixture federation)
{
    /// <summary>A policy with two errors, on lines 6 (unknown type) and 13 (unknown field path).</summary>
    internal const string InvalidPolicy = """
        id: broken
        version: "1"
        rules:
          - id: one
            match:
              types: [NO_SUCH_TYPE]
              purposes: [RETURN_COORDINATION]
            allow: [traveller]
          - id: two
            match:
              types: [RETURN_PLAN]
              purposes: [RETURN_COORDINATION]
            allow: [no_such_field]
        """;

    [Fact]
    public void A_gateway_with_an_invalid_policy_refuses_to_start_listing_every_error_with_its_line()
    {
        using var directory = new TempDirectory();
        File.WriteAllText(directory.File("policy.yaml"), InvalidPolicy);

        var error = Assert.Throws<GatewayConfigurationException>(() => Load(directory, directory.File("policy.yaml")));

        var problems = error.Problems.Where(p => p.Contains("Policy:", StringComparison.Ordinal)).ToList();
        Assert.True(problems.Count >= 2, string.Join(Environment.NewLine, error.Problems));
        Assert.Contains(problems, p => p.Contains("policy.yaml:6", StringComparison.Ordinal) && p.Contains("NO_SUCH_TYPE", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("policy.yaml:13", StringComparison.Ordinal) && p.Contains("no_such_field", StringComparison.Ordinal));
    }

    [Fact]
    public async Task A_bad_policy_edit_while_running_keeps_the_last_good_policy_and_a_good_one_takes_over()
    {
        using var directory = new TempDirectory();
        var path = directory.File("policy.yaml");
        var shipped = PolicyLoader.DefaultPolicyText();
        File.WriteAllText(path, shipped);
        var runtime = Load(directory, path);
        await using var host = GatewayHost.Create(runtime, TimeProvider.System, _ => { });
        await host.StartAsync(CancellationToken.None);
        var original = runtime.Policy.Current;

        File.WriteAllText(path, InvalidPolicy);
        host.ReloadFilesNow();
        Assert.Same(original, runtime.Policy.Current);

        File.WriteAllText(path, shipped.Replace("version: \"1\"", "version: \"2\"", StringComparison.Ordinal));
        host.ReloadFilesNow();
        Assert.Equal("2", runtime.Policy.Current.Version);
        Assert.False(original.Sha256.SequenceEqual(runtime.Policy.Current.Sha256));
        await host.StopAsync(CancellationToken.None);
    }

    [Fact]
    public void Without_a_policy_setting_the_shipped_default_policy_is_in_force()
    {
        using var directory = new TempDirectory();

        var runtime = Load(directory, policy: "");

        Assert.True(PolicyLoader.LoadDefault().Sha256.SequenceEqual(runtime.Policy.Current.Sha256));
        Assert.Null(runtime.PolicyPath);
    }

    private GatewayRuntime Load(TempDirectory directory, string policy)
    {
        var options = GatewayConfigs.ReadAbsolute(federation.ConfigPath("AL/NCP"));
        options.PeerListen = "127.0.0.1:0";
        options.LocalListen = "127.0.0.1:0";
        options.OpsListen = "127.0.0.1:0";
        options.DataDirectory = directory.File("data");
        options.Policy = policy;
        return GatewayRuntimeLoader.Load(GatewayConfigs.Write(directory.Path, options), TimeProvider.System);
    }
}
