using CrossBorder.Contracts.V1;
using CrossBorder.Core.Errors;
using CrossBorder.Gateway.Configuration;
using CrossBorder.Gateway.Tests.Infrastructure;

namespace CrossBorder.Gateway.Tests.Configuration;

/// <summary>
/// A gateway does not start on a trust list that is not exactly what the pinned federation
/// operator signed; the loader and <c>gateway run</c> say why, without a stack trace.
/// </summary>
[Collection(SharedFederation.Name)]
public sealed class TrustListStartupTests(FederationFixture federation)
{
    [Fact]
    public void Loader_refuses_a_trust_list_with_a_flipped_signature_byte_as_BAD_SIGNATURE()
    {
        using var directory = new TempDirectory();
        var config = ConfigWithTrustList(directory, TrustListForgeries.TamperedSignature(File.ReadAllBytes(federation.Layout.TrustList)));

        var refused = Assert.Throws<GatewayConfigurationException>(() => GatewayRuntimeLoader.Load(config, TimeProvider.System));

        var problem = Assert.Single(refused.Problems);
        Assert.Contains(nameof(GatewayOptions.TrustList), problem, StringComparison.Ordinal);
        Assert.Contains(ReasonCode.BadSignature.Name(), problem, StringComparison.Ordinal);
    }

    [Fact]
    public void Loader_refuses_a_trust_list_signed_by_another_operator_as_UNTRUSTED()
    {
        using var directory = new TempDirectory();
        var config = ConfigWithTrustList(directory, TrustListForgeries.SignedByAnotherOperator(File.ReadAllBytes(federation.Layout.TrustList)));

        var refused = Assert.Throws<GatewayConfigurationException>(() => GatewayRuntimeLoader.Load(config, TimeProvider.System));

        var problem = Assert.Single(refused.Problems);
        Assert.Contains(ReasonCode.Untrusted.Name(), problem, StringComparison.Ordinal);
        Assert.Contains("pinned operator", problem, StringComparison.Ordinal);
    }

    [Fact]
    public void The_unmodified_trust_list_opens_with_the_pinned_operator()
    {
        // The control for the two refusals: the same config with the federation's own list loads.
        using var directory = new TempDirectory();
        var config = ConfigWithTrustList(directory, File.ReadAllBytes(federation.Layout.TrustList));

        var runtime = GatewayRuntimeLoader.Load(config, TimeProvider.System);

        Assert.Equal("AL/NCP", runtime.Participant.ToString());
        Assert.Equal(6, runtime.Trust.Participants.Count);
    }

    [Theory]
    [InlineData("flipped-signature-byte", "BAD_SIGNATURE")]
    [InlineData("another-operator", "UNTRUSTED")]
    public async Task Gateway_run_exits_2_and_prints_the_trust_list_problem_without_a_stack_trace(string defect, string reason)
    {
        using var directory = new TempDirectory();
        var original = File.ReadAllBytes(federation.Layout.TrustList);
        var config = ConfigWithTrustList(directory, defect == "another-operator" ? TrustListForgeries.SignedByAnotherOperator(original) : TrustListForgeries.TamperedSignature(original));
        var expected = Assert.Throws<GatewayConfigurationException>(() => GatewayRuntimeLoader.Load(config, TimeProvider.System)).Problems;

        var result = await CliRunner.RunAsync("gateway", "run", "--config", config);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Contains(reason, result.Error, StringComparison.Ordinal);
        Assert.All(expected, problem => Assert.Contains(problem, result.Error, StringComparison.Ordinal));
        Assert.False(result.ShowsStackTrace, result.ToString());
        Assert.DoesNotContain("ready", result.Out, StringComparison.Ordinal);
    }

    /// <summary>AL/NCP's config, in the test's folder, reading the given trust list bytes.</summary>
    private string ConfigWithTrustList(TempDirectory directory, byte[] trustList)
    {
        var options = GatewayConfigs.ReadAbsolute(federation.ConfigPath("AL/NCP"));
        options.PeerListen = "127.0.0.1:0";
        options.LocalListen = "127.0.0.1:0";
        options.OpsListen = "127.0.0.1:0";
        options.TrustList = directory.File("trustlist.p7s");
        File.WriteAllBytes(options.TrustList, trustList);
        return GatewayConfigs.Write(directory.Path, options);
    }
}
