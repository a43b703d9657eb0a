using System.ComponentModel;
using System.Diagnostics;

namespace CrossBorder.Testing;

/// <summary>
/// Runs the <c>openssl</c> command line (found on PATH) with an argument list, capturing its
/// output. A missing <c>openssl</c> fails the test: interop tests are never skipped silently.
/// </summary>
internal static class OpenSsl
{
    public const string NotFoundMessage = "openssl not found: install the Debian package 'openssl' (apt-get install openssl)";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>Runs <c>openssl</c> with <paramref name="arguments"/> and returns its exit code and output.</summary>
    public static async Task<OpenSslResult> RunAsync(params string[] arguments)
    {
        var startInfo = new ProcessStartInfo("openssl")
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        Process? process;
        try
        {
            process = Process.Start(startInfo);
        }
        catch (Win32Exception)
        {
            process = null;
        }

        if (process is null)
        {
            throw new Xunit.Sdk.XunitException(NotFoundMessage);
        }

        using (process)
        {
            process.StandardInput.Close();
            var stdout = process.StandardOutput.ReadToEndAsync();
            var stderr = process.StandardError.ReadToEndAsync();
            using var timeout = Eventually.Within(Timeout);
            try
            {
                await process.WaitForExitAsync(timeout.Token);
            }
            catch (OperationCanceledException)
            {
                process.Kill(entireProcessTree: true);
                throw new Xunit.Sdk.XunitException($"openssl {string.Join(' ', arguments)} did not finish within {Timeout.TotalSeconds} s");
            }

            return new OpenSslResult(arguments, process.ExitCode, await stdout, await stderr);
        }
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
