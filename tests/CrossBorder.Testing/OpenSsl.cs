namespace CrossBorder.Testing;

/// <summary>
/// Runs the <c>openssl</c> command line (through <see cref="ExternalTool"/>) with an argument list,
/// capturing its output. A missing <c>openssl</c> fails the test: interop tests are never skipped silently.
/// </summary>
internal static class OpenSsl
{
    public static readonly string NotFoundMessage = ExternalTool.NotFound("openssl", "openssl");

    /// <summary>Runs <c>openssl</c> with <paramref name="arguments"/> and returns its exit code and output.</summary>
    public static async Task<OpenSslResult> RunAsync(params string[] arguments)
    {
        var (exitCode, output, error) = await ExternalTool.RunAsync("openssl", "openssl", arguments);
        return new OpenSslResult(arguments, exitCode, output, error);
    }

    /// <summary>Runs <c>openssl</c> and fails the test, showing its stderr, unless it exits with 0.</summary>
    public static async Task<OpenSslResult> SucceedsAsync(params string[] arguments)
    {
        var result = await RunAsync(arguments);
        if (result.ExitCode != 0)
        {
            throw new Xunit.Sdk.XunitException(
                $"openssl {string.Join(' ', arguments)} exited with {result.ExitCode}:{Environment.NewLine}{result.StandardError}");
        }

        return result;
    }
}
