using CrossBorder.Cli;

namespace CrossBorder.Gateway.Testing;

/// <summary>Runs the <c>crossborder</c> command line in-process with captured output.</summary>
internal static class CliRunner
{
    /// <summary>Long enough for any command here; a command that would run forever (a gateway that started) is stopped.</summary>
    private static readonly TimeSpan Limit = TimeSpan.FromSeconds(30);

    public static async Task<CliResult> RunAsync(params string[] args)
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var limit = Eventually.Within(Limit);
        var exitCode = await CliApp.RunAsync(args, new CliContext(output, error, TimeProvider.System), limit.Token);
        return new CliResult(exitCode, output.ToString(), error.ToString());
    }
}
