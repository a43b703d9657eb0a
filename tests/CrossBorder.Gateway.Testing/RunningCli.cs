using CrossBorder.Cli;

namespace CrossBorder.Gateway.Testing;

/// <summary>A long-running command of the <c>crossborder</c> command line in-process, read while it runs and stopped as Ctrl-C would.</summary>
internal sealed class RunningCli : IDisposable
{
    private readonly StringWriter _output = new();
    private readonly TextWriter _synchronized;
    private readonly CancellationTokenSource _stop = new();
    private readonly Task<int> _running;

    public RunningCli(params string[] args)
    {
        // The synchronized writer locks itself for each write; reading takes the same lock.
        _synchronized = TextWriter.Synchronized(_output);
        _running = CliApp.RunAsync(args, new CliContext(_synchronized, TextWriter.Synchronized(Error), TimeProvider.System), _stop.Token);
    }

    public StringWriter Error { get; } = new();

    /// <summary>What it printed so far.</summary>
    public string Out
    {
        get
        {
            lock (_synchronized)
            {
                return _output.ToString();
            }
        }
    }

    /// <summary>Stops it and returns its exit code.</summary>
    public async Task<int> StopAsync()
    {
        await _stop.CancelAsync();
        return await _running;
    }

    public void Dispose()
    {
        _stop.Dispose();
        _output.Dispose();
        Error.Dispose();
    }
}
