namespace CrossBorder.Gateway.Configuration;

/// <summary>A gateway configuration with problems; <see cref="Problems"/> lists every one of them.</summary>
public sealed class GatewayConfigurationException : Exception
{
    /// <summary>Creates the exception from the full list of problems.</summary>
    public GatewayConfigurationException(IReadOnlyList<string> problems)
        : base($"gateway configuration has {problems.Count} problem(s):{Environment.NewLine} - " + string.Join(Environment.NewLine + " - ", problems))
    {
        Problems = problems;
    }

    /// <summary>Each problem, one line, naming the setting and the file.</summary>
    public IReadOnlyList<string> Problems { get; }
}
