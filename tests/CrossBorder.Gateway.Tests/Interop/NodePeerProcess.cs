using System.ComponentModel;
using System.Diagnostics;
using System.Text.Json;

namespace CrossBorder.Gateway.Tests.Interop;

/// <summary>
/// One run of the independent Node.js peer (<c>tests/interop-node/peer.mjs</c>) as a child
/// process: its JSON event lines and its standard error are collected. A missing <c>node</c> or
/// missing npm packages fail the test with what to install; the interop test is never skipped.
/// </summary>
internal sealed class NodePeerProcess : IAsyncDisposable
{
    public const string NodeMissing =
        "node not found: the Node.js peer needs Node.js 18 or later and npm (Debian: apt-get install nodejs npm; `make test` installs them through .ci/prepare-test-tools)";

    private readonly Process _process;
    private readonly List<JsonElement> _events = [];
    private readonly List<string> _errors = [];
    private readonly Task _stdout;
    private readonly Task _stderr;

    private NodePeerProcess(Process process)
    {
        _process = process;
        _stdout = Task.Run(async () =>
        {
            while (await process.StandardOutput.ReadLineAsync() is { } line)
            {
                lock (_events)
                {
                    _events.Add(JsonDocument.Parse(line).RootElement.Clone());
                }
            }
        });
        _stderr = Task.Run(async () =>
        {
            while (await process.StandardError.ReadLineAsync() is { } line)
            {
                lock (_errors)
                {
                    _errors.Add(line);
                }
            }
        });
    }

    public static string Directory => Path.Combine(RepositoryRoot.Path, "tests", "interop-node");

    /// <summary>Standard error so far, for failure messages.</summary>
    public string Errors
    {
        get
        {
            lock (_errors)
            {
                return string.Join(Environment.NewLine, _errors);
            }
        }
    }

    /// <summary>Starts <c>node peer.mjs</c> with <paramref name="arguments"/> in <c>tests/interop-node</c>.</summary>
    public static NodePeerProcess Start(params string[] arguments)
    {
        if (!File.Exists(Path.Combine(Directory, "node_modules", "@grpc", "grpc-js", "package.json"))
            || !File.Exists(Path.Combine(Directory, "node_modules", "protobufjs", "package.json")))
        {
            throw new Xunit.Sdk.XunitException(
                "the Node.js peer's packages are not installed: run `make tests/interop-node/node_modules` (npm ci --no-audit --no-fund in tests/interop-node)");
        }

        var startInfo = new ProcessStartInfo("node")
        {
            WorkingDirectory = Directory,
            UseShellExecute = false,
            RedirectStandardOutput = true,
            RedirectStandardError = true,
            RedirectStandardInput = true,
        };
        startInfo.ArgumentList.Add("--no-deprecation");
        startInfo.ArgumentList.Add("peer.mjs");
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
            throw new Xunit.Sdk.XunitException(NodeMissing);
        }

        process.StandardInput.Close();
        return new NodePeerProcess(process);
    }

    /// <summary>The first event whose <c>event</c> is <paramref name="name"/>, waiting for it; fails with the peer's errors when it does not come.</summary>
    public async Task<JsonElement> EventAsync(string name, TimeSpan within)
    {
        var until = TimeProvider.System.GetUtcNow() + within;
        while (true)
        {
            lock (_events)
            {
                foreach (var e in _events)
                {
                    if (e.GetProperty("event").GetString() == name)
                    {
                        return e;
                    }
                }
            }

            if (_process.HasExited && _stdout.IsCompleted)
            {
                throw new Xunit.Sdk.XunitException($"the node peer exited with {_process.ExitCode} before '{name}': {Errors}");
            }

            if (TimeProvider.System.GetUtcNow() > until)
            {
                throw new Xunit.Sdk.XunitException($"no '{name}' from the node peer within {within.TotalSeconds} s: {Errors}");
            }

            await Eventually.PauseAsync(TimeSpan.FromMilliseconds(100));
        }
    }

    /// <summary>Every event named <paramref name="name"/> so far.</summary>
    public IReadOnlyList<JsonElement> Events(string name)
    {
        lock (_events)
        {
            return [.. _events.Where(e => e.GetProperty("event").GetString() == name)];
        }
    }

    /// <summary>Waits for the process to end and returns its exit code.</summary>
    public async Task<int> ExitCodeAsync(TimeSpan within)
    {
        using var limit = Eventually.Within(within);
        try
        {
            await _process.WaitForExitAsync(limit.Token);
        }
        catch (OperationCanceledException)
        {
            throw new Xunit.Sdk.XunitException($"the node peer did not exit within {within.TotalSeconds} s: {Errors}");
        }

        await Task.WhenAll(_stdout, _stderr);
        return _process.ExitCode;
    }

    public async ValueTask DisposeAsync()
    {
        if (!_process.HasExited)
        {
            _process.Kill(entireProcessTree: true);
            await _process.WaitForExitAsync();
        }

        _process.Dispose();
    }
}
