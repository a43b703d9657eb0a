namespace CrossBorder.Gateway.Testing;

/// <summary>What one run of the command line returned and printed.</summary>
internal sealed record CliResult(int ExitCode, string Out, string Error)
{
    /// <summary>Whether anything printed looks like a stack trace or an exception dump.</summary>
    public bool ShowsStackTrace =>
        Out.Contains("   at ", StringComparison.Ordinal) || Error.Contains("   at ", StringComparison.Ordinal)
        || Out.Contains("Exception", StringComparison.Ordinal) || Error.Contains("Exception", StringComparison.Ordinal);

    public override string ToString() => $"exit {ExitCode}{Environment.NewLine}stdout:{Environment.NewLine}{Out}stderr:{Environment.NewLine}{Error}";
}
