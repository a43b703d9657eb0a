using System.Diagnostics;
using System.Runtime.InteropServices;

namespace CrossBorder.Cli.Commands;

/// <summary>
/// A gateway run as a child process of this CLI (<c>crossborder gateway run</c>), its output
/// going to a log file, stopped with SIGTERM as an operator would.
/// </summary>
internal sealed partial class GatewayProcess : IDisposable
{
    private const int SigTerm = 15;
    private readonly Process _process;

    private GatewayProcess(Process process, string logPath)
    {
        _process = process;
        LogPath = logPath;
    }

    public string LogPath { get; }

    public bool HasExited => _process.HasExited;

    /// <summary>
    /// Starts <c>crossborder gateway run --config</c>: this process's own executable by default, or
    /// <paramref name="executable"/>; <paramref name="environment"/> overrides settings
    /// (e.g. <c>CrossBorder__Gateway__DataDirectory</c>).
    /// </summary>
    public static GatewayProcess Start(string configPath, string logPath, IReadOnlyDictionary<string, string>? environment = null, string? executable = null)
    {
        var start = new ProcessStartInfo
        {
            FileName = executable ?? SelfExecutable(),
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
            UseShellExecute = false,
        };
        if (Path.GetFileNameWithoutExtension(start.FileName) == "dotnet")
        {
            start.ArgumentList.Add(Path.Combine(AppContext.BaseDirectory, "crossborder.dll"));
        }

        foreach (var argument in new[] { "gateway", "run", "--config", configPath })
        {
            start.ArgumentList.Add(argument);
        }

        foreach (var (name, value) in environment ?? new Dictionary<string, string>())
        {
            start.Environment[name] = value;
        }

        var process = Process.Start(start) ?? throw new IOException("cannot start a gateway process");
        var log = new StreamWriter(logPath, append: false) { AutoFlush = true };
        var gate = new object();
        void Append(object _, DataReceivedEventArgs e)
        {
            if (e.Data is not null)
            {
                lock (gate)
                {
                    log.WriteLine(e.Data);
                }
            }
        }

        process.OutputDataReceived += Append;
        process.ErrorDataReceived += Append;
        process.Exited += (_, _) => { lock (gate) { log.Flush(); } };
        process.EnableRaisingEvents = true;
        process.BeginOutputReadLine();
        process.BeginErrorReadLine();
        return new GatewayProcess(process, logPath);
    }

    /// <summary>Sends SIGTERM and waits for the exit code; kills the process if it does not stop in time.</summary>
    public async Task<int> StopAsync(TimeSpan timeout, TimeProvider time)
    {
        if (!_process.HasExited && Kill(_process.Id, SigTerm) != 0)
        {
            throw new IOException($"cannot signal gateway process {_process.Id} ({Marshal.GetLastPInvokeError()})");
        }

        using var limit = new CancellationTokenSource(timeout, time);
        try
        {
            await _process.WaitForExitAsync(limit.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
            return -1;
        }

        return _process.ExitCode;
    }

    /// <summary>
    /// What runs <c>crossborder</c>: this process's own executable when it is the CLI (or
    /// <c>dotnet</c> running it); otherwise (a host such as a test runner) the CLI next to this assembly.
    /// </summary>
    private static string SelfExecutable()
    {
        var self = Environment.ProcessPath!;
        var name = Path.GetFileNameWithoutExtension(self);
        return name is "crossborder" or "dotnet"
            ? self
            : Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "crossborder.exe" : "crossborder");
    }

    /// <summary>Kills the process at once (SIGKILL), as a crash would, and waits for it to be gone.</summary>
    public async Task KillAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        await _process.WaitForExitAsync(CancellationToken.None).ConfigureAwait(false);
    }

    public void Dispose()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
        }

        _process.Dispose();
    }

    [LibraryImport("libc", EntryPoint = "kill", SetLastError = true)]
    private static partial int Kill(int pid, int signal);
}
