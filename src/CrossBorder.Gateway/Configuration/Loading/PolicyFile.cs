using CrossBorder.Core.Policy;

namespace CrossBorder.Gateway.Configuration.Loading;

/// <summary>The minimization policy: the configured YAML file with every error and its line, or the shipped default when none is configured.</summary>
internal static class PolicyFile
{
    /// <summary>The policy and the file it came from (null for the shipped default); a null policy when there is a problem.</summary>
    public static (MinimizationPolicy? Policy, string? Path) Load(GatewayOptions options, ConfigFileReader files)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(files);
        if (string.IsNullOrWhiteSpace(options.Policy))
        {
            return (PolicyLoader.LoadDefault(), null);
        }

        var full = files.ExistingFile(options.Policy, nameof(options.Policy));
        if (full is null)
        {
            return (null, null);
        }

        var result = PolicyLoader.LoadFile(full);
        foreach (var error in result.Errors)
        {
            files.Problems.Add($"{nameof(options.Policy)}: {error}");
        }

        return (result.Policy, full);
    }
}
