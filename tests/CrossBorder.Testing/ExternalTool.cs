using System.ComponentModel;
using System.Diagnostics;

namespace CrossBorder.Testing;

/// <summary>
/// The one way tests run a program of Debian's packages (<c>openssl</c>, <c>promtool</c>,
/// <c>prometheus</c>, ...) found on PATH: an argument list (never a shell), output captured, a
/// deadline. A missing program fails the test naming the package to install: such tests are
/// never skipped.
/// </summary>
internal static class ExternalTool
{
    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>What a test says when <paramref name="tool"/> of <paramref name="package"/> is missing.</summary>
    public static string NotFound(string tool, string package) => $"{tool} not found: install the Debian package '{package}' (apt-get install {package})";

    /// <summary>
    /// Starts <paramref name="tool"/> with its output redirected (and its input, closed at once, when
    /// <paramref name="closeInput"/>); <paramref name="environment"/> adds variables, such as a password
    /// a tool reads from its environment rather than its visible argument list.
    /// </summary>
    public static Process Start(
        string tool, string package, IEnumerable<string> arguments, string? directory = null, bool closeInput = false,
        IReadOnlyDictionary<string, string>? environment = null)
    {
        ArgumentNullException.ThrowIfNull(arguments);
        var startInfo = new ProcessStartInfo(tool)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = closeInput,
            WorkingDirectory = directory ?? "",
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            startInfo.Environment[name] = value;
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
            throw new Xunit.Sdk.XunitException(NotFound(tool, package));
        }

        if (closeInput)
        {
            process.StandardInput.Close();
        }

        return process;
    }

    /// <summary>
    /// Runs <paramref name="tool"/> to its end (at most a minute, or until <paramref name="cancellationToken"/>
    /// fires: the process is then killed): exit code, standard output, standard error.
    /// </summary>
    public static async Task<(int ExitCode, string Output, string Error)> RunAsync(
        string tool, string package, IReadOnlyList<string> arguments, string? directory = null,
        IReadOnlyDictionary<string, string>? environment = null, CancellationToken cancellationToken = default)
    {
        using var process = Start(tool, package, arguments, directory, closeInput: true, environment);
        var stdout = process.StandardOutput.ReadToEndAsync(CancellationToken.None);
        var stderr = process.StandardError.ReadToEndAsync(CancellationToken.None);
        using var timeout = Eventually.Within(Timeout);
        using var either = CancellationTokenSource.CreateLinkedTokenSource(timeout.Token, cancellationToken);
        try
        {
            await process.WaitForExitAsync(either.Token);
        }
        catch (OperationCanceledException)
        {
            process.Kill(entireProcessTree: true);
            cancellationToken.ThrowIfCancellationRequested();
            throw new Xunit.Sdk.XunitException($"{tool} {string.Join(' ', arguments)} did not finish within {Timeout.TotalSeconds} s");
        }

        return (process.ExitCode, await stdout, await stderr);
    }
}
