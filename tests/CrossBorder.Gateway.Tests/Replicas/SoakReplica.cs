using System.Globalization;
using System.Text;
using CrossBorder.Contracts.V1;

namespace CrossBorder.Gateway.Tests.Replicas;

/// <summary>
/// One replica's place in the soak: its name, ports and local client stay while the process
/// behind them is killed or stopped and started again, as an operator's service manager does.
/// </summary>
internal sealed class SoakReplica : IDisposable
{
    /// <summary>
    /// How long a start may take: generous, because the soak's point is what the traffic sees, and a
    /// start on a machine busy with the rest of the suite can take a minute.
    /// </summary>
    private static readonly TimeSpan StartLimit = TimeSpan.FromSeconds(150);

    private readonly ExchangeFederation _federation;
    private readonly string _connectionString;
    private readonly TempDirectory _data;
    private readonly int? _ownPorts;
    private readonly IReadOnlyDictionary<string, string> _settings;
    private ReplicaProcess? _process;
    private LocalExchange.LocalExchangeClient? _client;
    private volatile bool _up;
    private volatile int _pid;

    public SoakReplica(
        ExchangeFederation federation, string participant, string name, string connectionString, TempDirectory data, int? ownPorts,
        IReadOnlyDictionary<string, string> settings)
    {
        _federation = federation;
        Participant = participant;
        Name = name;
        _connectionString = connectionString;
        _data = data;
        _ownPorts = ownPorts;
        _settings = settings;
        PeerAddress = new Uri("https://127.0.0.1:" + (ownPorts ?? federation.PeerPort(participant)).ToString(CultureInfo.InvariantCulture));
    }

    public string Participant { get; }

    public string Name { get; }

    /// <summary>Where the replica's peer face listens: one of the participant's endpoints in the trust list.</summary>
    public Uri PeerAddress { get; }

    /// <summary>The application's client of this replica's local face (one channel, reconnecting across restarts).</summary>
    public LocalExchange.LocalExchangeClient Client => _client ?? throw new InvalidOperationException("the replica has not started");

    /// <summary>Whether the replica is serving: from its start until a stop begins (the sampler asks meanwhile, from its own task).</summary>
    public bool IsUp => _up;

    /// <summary>Starts the replica's process and waits until its local face answers.</summary>
    public async Task StartAsync()
    {
        _process?.Dispose();
        _pid = 0;
        _process = ReplicaProcess.Start(_federation, Participant, Name, _connectionString, _data, _ownPorts, _settings);
        _client ??= _process.Client();
        await _process.WaitUntilServingAsync(StartLimit);
        _pid = FindPid() ?? 0;
        _up = true;
    }

    /// <summary>Ends the process as a crash (SIGKILL) or an operator's stop (SIGTERM, which must end cleanly).</summary>
    public async Task StopAsync(bool kill)
    {
        var process = _process ?? throw new InvalidOperationException("the replica is not running");
        _up = false;
        if (kill)
        {
            await process.Process.KillAsync();
        }
        else
        {
            Assert.Equal(0, await process.Process.StopAsync(TimeSpan.FromSeconds(20), TimeProvider.System));
        }
    }

    /// <summary>The resident set (VmRSS) of the running process in bytes; null while it is down.</summary>
    public long? WorkingSetBytes()
    {
        var pid = _pid;
        if (!_up || pid == 0)
        {
            return null;
        }

        try
        {
            var line = File.ReadLines($"/proc/{pid}/status").FirstOrDefault(l => l.StartsWith("VmRSS:", StringComparison.Ordinal));
            return line is null ? null : long.Parse(line["VmRSS:".Length..].Trim().Split(' ')[0], CultureInfo.InvariantCulture) * 1024;
        }
        catch (IOException)
        {
            return null;
        }
    }

    /// <summary>The log's last lines, for a failing assertion.</summary>
    public string Tail() => _process?.Tail() ?? "(not started)";

    /// <summary>
    /// The process id of this replica: the child of this test process whose environment names the
    /// replica (the process handle itself is the CLI's, which keeps it to itself).
    /// </summary>
    private int? FindPid()
    {
        var self = Environment.ProcessId.ToString(CultureInfo.InvariantCulture);
        var marker = Encoding.UTF8.GetBytes("CrossBorder__Gateway__Postgres__Replica=" + Name + "\0");
        foreach (var directory in Directory.EnumerateDirectories("/proc"))
        {
            var id = Path.GetFileName(directory);
            if (!id.All(char.IsAsciiDigit))
            {
                continue;
            }

            try
            {
                // stat: "pid (comm) state ppid ..."; comm may hold spaces, so read after its closing bracket.
                var stat = File.ReadAllText(Path.Combine(directory, "stat"));
                var parent = stat[(stat.LastIndexOf(')') + 2)..].Split(' ')[1];
                if (parent == self && File.ReadAllBytes(Path.Combine(directory, "environ")).AsSpan().IndexOf(marker) >= 0)
                {
                    return int.Parse(id, CultureInfo.InvariantCulture);
                }
            }
            catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
            {
                // Gone meanwhile, or not ours.
            }
        }

        return null;
    }

    public void Dispose() => _process?.Dispose();
}
