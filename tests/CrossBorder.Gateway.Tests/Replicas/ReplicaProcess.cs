using System.Globalization;
using CrossBorder.Cli.Commands;
using CrossBorder.Cli.DevPki;
using CrossBorder.Cli.Profiles;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Trust;
using Grpc.Core;
using static CrossBorder.Gateway.Testing.Exchanges;

namespace CrossBorder.Gateway.Tests.Replicas;

/// <summary>
/// One replica of a participant's gateway as its own operating-system process
/// (<c>crossborder gateway run</c>, so that it can be killed with SIGKILL), on the participant's
/// config with the store, the replica name, the data folder and, for a second replica, the ports
/// given through the environment, as an operator running several replicas from one config does.
/// </summary>
internal sealed class ReplicaProcess : IDisposable
{
    private readonly ExchangeFederation _federation;
    private readonly string _participant;

    private ReplicaProcess(ExchangeFederation federation, string participant, GatewayProcess process, Uri localAddress)
    {
        _federation = federation;
        _participant = participant;
        Process = process;
        LocalAddress = localAddress;
    }

    public GatewayProcess Process { get; }

    /// <summary>Where this replica's local face listens.</summary>
    public Uri LocalAddress { get; }

    /// <summary>
    /// Starts a replica. <paramref name="ownPorts"/>: null keeps the ports of the config (the ones the
    /// trust list names); otherwise the peer, local and operations faces listen on it and the next two.
    /// </summary>
    public static ReplicaProcess Start(
        ExchangeFederation federation, string participant, string replica, string connectionString, TempDirectory data, int? ownPorts = null,
        IReadOnlyDictionary<string, string>? more = null)
    {
        var environment = new Dictionary<string, string>
        {
            ["CrossBorder__Gateway__DataDirectory"] = data.File(replica),
            ["CrossBorder__Gateway__Store"] = "Postgres",
            ["CrossBorder__Gateway__Postgres__ConnectionString"] = connectionString,
            ["CrossBorder__Gateway__Postgres__Replica"] = replica,
            ["CrossBorder__Gateway__RetryInitialSeconds"] = "0.2",
            ["CrossBorder__Gateway__RetryMaxSeconds"] = "1",
            ["CrossBorder__Gateway__DeliveryTimeoutSeconds"] = "2",
        };
        var profile = LocalChannel.ReadProfile(federation.Layout.ClientProfile(ParticipantId.Parse(participant), "case-worker"));
        var local = new Uri(profile.Gateway);
        if (ownPorts is { } port)
        {
            environment["CrossBorder__Gateway__PeerListen"] = Endpoint(port);
            environment["CrossBorder__Gateway__LocalListen"] = Endpoint(port + 1);
            environment["CrossBorder__Gateway__OpsListen"] = Endpoint(port + 2);
            local = new UriBuilder(local) { Port = port + 1 }.Uri;
        }
        else
        {
            environment["CrossBorder__Gateway__OpsListen"] = "127.0.0.1:0";
        }

        foreach (var (name, value) in more ?? new Dictionary<string, string>())
        {
            environment[name] = value;
        }

        var executable = Path.Combine(AppContext.BaseDirectory, OperatingSystem.IsWindows() ? "crossborder.exe" : "crossborder");
        var process = GatewayProcess.Start(federation.ConfigPath(participant), data.File(replica + ".log"), environment, executable);
        return new ReplicaProcess(federation, participant, process, local);
    }

    /// <summary>A first port of three free ones for a second replica.</summary>
    public static int FreeTriple() => FreePorts.BasePort();

    private static string Endpoint(int port) => "127.0.0.1:" + port.ToString(CultureInfo.InvariantCulture);

    /// <summary>A local client of this replica, in the given role.</summary>
    public LocalExchange.LocalExchangeClient Client(string role = "case-worker") => _federation.Client(_participant, role, LocalAddress);

    /// <summary>Waits until the replica answers on its local face (at most <paramref name="limit"/>, a minute by default); fails naming its log if it exits.</summary>
    public async Task WaitUntilServingAsync(TimeSpan? limit = null)
    {
        var client = Client();
        var until = TimeProvider.System.GetUtcNow() + (limit ?? TimeSpan.FromSeconds(60));
        while (true)
        {
            Assert.False(Process.HasExited, $"the replica exited; see {Process.LogPath}: {Tail()}");
            try
            {
                await client.WhoAmIAsync(new WhoAmIRequest(), deadline: Deadline(2));
                return;
            }
            catch (RpcException)
            {
                Assert.True(TimeProvider.System.GetUtcNow() < until, $"the replica did not serve in time; see {Process.LogPath}: {Tail()}");
                await Eventually.PauseAsync(TimeSpan.FromMilliseconds(100));
            }
        }
    }

    /// <summary>The last lines of the replica's log, for a failing assertion.</summary>
    public string Tail()
    {
        if (!File.Exists(Process.LogPath))
        {
            return "(no log)";
        }

        using var stream = new FileStream(Process.LogPath, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
        using var reader = new StreamReader(stream);
        return string.Join('\n', reader.ReadToEnd().Split('\n').TakeLast(15));
    }

    public void Dispose() => Process.Dispose();
}
