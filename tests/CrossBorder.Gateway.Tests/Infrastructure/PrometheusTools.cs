using System.ComponentModel;
using System.Diagnostics;
using System.Net;
using System.Net.Sockets;

namespace CrossBorder.Gateway.Tests.Infrastructure;

/// <summary>
/// Debian's prometheus package: <c>promtool</c> for checking and unit-testing the shipped
/// configuration and rules, and a real <c>prometheus</c> server. A missing tool fails the test
/// with the package to install: these tests are never skipped.
/// </summary>
internal static class PrometheusTools
{
    /// <summary>What a test says when a tool of the package is missing.</summary>
    public static string NotFound(string tool) => $"{tool} not found: install the Debian package 'prometheus' (apt-get install prometheus)";

    private static readonly TimeSpan Timeout = TimeSpan.FromSeconds(60);

    /// <summary>The shipped files: <c>docs/ops</c> of the repository.</summary>
    public static string Docs(string name) => Path.Combine(RepositoryRoot.Path, "docs", "ops", name);

    /// <summary>Runs <c>promtool</c> in <paramref name="directory"/>: its exit code and everything it printed.</summary>
    public static async Task<(int ExitCode, string Output)> PromtoolAsync(string directory, params string[] arguments)
    {
        using var process = Start("promtool", directory, arguments);
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
            throw new Xunit.Sdk.XunitException($"promtool {string.Join(' ', arguments)} did not finish within {Timeout.TotalSeconds} s");
        }

        return (process.ExitCode, await stdout + await stderr);
    }

    /// <summary>Starts a <c>prometheus</c> server on a free loopback port; dispose to stop it.</summary>
    public static PrometheusServer StartServer(string configFile, string dataDirectory)
    {
        var port = FreePort();
        var process = Start("prometheus", Path.GetDirectoryName(configFile)!,
            [$"--config.file={configFile}", $"--storage.tsdb.path={dataDirectory}", $"--web.listen-address=127.0.0.1:{port}", "--log.level=warn"]);
        return new PrometheusServer(process, new Uri($"http://127.0.0.1:{port}"));
    }

    private static Process Start(string tool, string directory, IEnumerable<string> arguments)
    {
        var startInfo = new ProcessStartInfo(tool)
        {
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            WorkingDirectory = directory,
        };
        foreach (var argument in arguments)
        {
            startInfo.ArgumentList.Add(argument);
        }

        try
        {
            return Process.Start(startInfo) ?? throw new Xunit.Sdk.XunitException(NotFound(tool));
        }
        catch (Win32Exception)
        {
            throw new Xunit.Sdk.XunitException(NotFound(tool));
        }
    }

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        return ((IPEndPoint)listener.LocalEndpoint).Port;
    }
}

/// <summary>A running <c>prometheus</c> server of a test, stopped (its process killed) on dispose.</summary>
internal sealed class PrometheusServer(Process process, Uri address) : IDisposable
{
    private readonly Task<string> _errors = process.StandardError.ReadToEndAsync();
    private readonly Task<string> _output = process.StandardOutput.ReadToEndAsync();

    public Uri Address { get; } = address;

    public bool HasExited => process.HasExited;

    /// <summary>What the server printed, once it has stopped.</summary>
    public string Log => process.HasExited ? _output.Result + _errors.Result : "(running)";

    public void Dispose()
    {
        if (!process.HasExited)
        {
            process.Kill(entireProcessTree: true);
            process.WaitForExit(10_000);
        }

        process.Dispose();
    }
}
