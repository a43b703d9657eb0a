using CrossBorder.Core.Policy;
using CrossBorder.Gateway.Configuration;
using CrossBorder.Gateway.Configuration.Loading;
using CrossBorder.Gateway.Configuration.Validation;

namespace CrossBorder.Gateway.Tests.Configuration;

/// <summary>The policy checker: the shipped default when none is set, a missing file named, every error of a bad file with its line.</summary>
public sealed class PolicyFileTests : IDisposable
{
    private readonly TempDirectory _directory = new();
    private readonly OptionProblems _problems = new();

    public void Dispose() => _directory.Dispose();

    [Fact]
    public void Without_a_setting_the_shipped_default_is_loaded_from_no_file()
    {
        var (policy, path) = PolicyFile.Load(new GatewayOptions(), Reader());

        Assert.True(PolicyLoader.LoadDefault().Sha256.SequenceEqual(policy!.Sha256));
        Assert.Null(path);
        Assert.Empty(_problems.All);
    }

    [Fact]
    public void A_missing_policy_file_is_reported()
    {
        var (policy, path) = PolicyFile.Load(new GatewayOptions { Policy = "policy.yaml" }, Reader());

        Assert.Null(policy);
        Assert.Null(path);
        Assert.Equal([$"Policy: file {_directory.File("policy.yaml")} does not exist"], _problems.All);
    }

    [Fact]
    public void Every_error_of_a_bad_policy_file_is_reported_with_its_line()
    {
        File.WriteAllText(_directory.File("policy.yaml"), PolicyConfigurationTests.InvalidPolicy);

        var (_, path) = PolicyFile.Load(new GatewayOptions { Policy = "policy.yaml" }, Reader());

        Assert.Equal(_directory.File("policy.yaml"), path);
        Assert.All(_problems.All, p => Assert.StartsWith("Policy: ", p, StringComparison.Ordinal));
        Assert.Contains(_problems.All, p => p.Contains("policy.yaml:6", StringComparison.Ordinal) && p.Contains("NO_SUCH_TYPE", StringComparison.Ordinal));
        Assert.Contains(_problems.All, p => p.Contains("policy.yaml:13", StringComparison.Ordinal) && p.Contains("no_such_field", StringComparison.Ordinal));
    }

    private ConfigFileReader Reader() => new(_directory.Path, TimeProvider.System, _problems);
}
