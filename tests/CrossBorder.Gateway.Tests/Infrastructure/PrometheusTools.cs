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
    public static string NotFound(string tool) => ExternalTool.NotFound(tool, "prometheus");

    /// <summary>The shipped files: <c>docs/ops</c> of the repository.</summary>
    public static string Docs(string name) => Path.Combine(RepositoryRoot.Path, "docs", "ops", name);

    /// <summary>Runs <c>promtool</c> in <paramref name="directory"/>: its exit code and everything it printed.</summary>
    public static async Task<(int ExitCode, string Output)> PromtoolAsync(string directory, params string[] arguments)
    {
        var (exitCode, output, error) = await ExternalTool.RunAsync("promtool", "prometheus", arguments, directory);
        return (exitCode, output + error);
    }

    /// <summary>Starts a <c>prometheus</c> server on a free loopback port; dispose to stop it.</summary>
    public static PrometheusServer StartServer(string configFile, string dataDirectory)
    {
        var port = FreePort();
        var process = ExternalTool.Start("prometheus", "prometheus",
            [$"--config.file={configFile}", $"--storage.tsdb.path={dataDirectory}", $"--web.listen-address=127.0.0.1:{port}", "--log.level=warn"], Path.GetDirectoryName(configFile)!);
        return new PrometheusServer(process, new Uri($"http://127.0.0.1:{port}"));
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
