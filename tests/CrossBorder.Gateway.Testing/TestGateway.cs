using CrossBorder.Gateway.Configuration;
using CrossBorder.Gateway.Hosting;
using Microsoft.Extensions.Logging;

namespace CrossBorder.Gateway.Testing;

/// <summary>
/// A real gateway (both Kestrel faces, real TLS) for one participant of the federation, on
/// 127.0.0.1 with ports chosen by the system, logging into a <see cref="LogCapture"/>.
/// </summary>
internal sealed class TestGateway : IAsyncDisposable
{
    private static readonly TimeSpan StartStopTimeout = TimeSpan.FromSeconds(15);

    private readonly GatewayHost _host;
    private readonly ILoggerFactory _loaderLoggers;

    private TestGateway(GatewayHost host, ILoggerFactory loaderLoggers, LogCapture log)
    {
        _host = host;
        _loaderLoggers = loaderLoggers;
        Log = log;
    }

    public LogCapture Log { get; }

    public GatewayRuntime Runtime => _host.Runtime;

    public Uri PeerAddress => _host.PeerAddress;

    public Uri LocalAddress => _host.LocalAddress;

    /// <summary>The operations face: console, metrics, health.</summary>
    public Uri OpsAddress => _host.OpsAddress;

    /// <summary>The gateway's store, for assertions on outbox, inbox and audit.</summary>
    public Core.Storage.IMessageStore Store => _host.Store;

    public Task<int> PurgeNowAsync() => _host.PurgeNowAsync(CancellationToken.None);

    /// <summary>Signs the audit chain's head now, as the gateway does every N entries or T minutes; null when the head did not move.</summary>
    public Task<Core.Storage.AuditCheckpoint?> CheckpointNowAsync() => _host.AuditCheckpoints.CheckpointNowAsync(CancellationToken.None);

    /// <summary>Fetches CRLs and checks the trust list now instead of at the next tick.</summary>
    public Task TickNowAsync() => _host.TickNowAsync(CancellationToken.None);

    /// <summary>Checks the trust list, policy and key files now instead of at the next tick.</summary>
    public void ReloadFilesNow() => _host.ReloadFilesNow();

    public static Task<TestGateway> StartAsync(FederationFixture federation, string participant, Action<GatewayOptions>? adjust = null)
    {
        ArgumentNullException.ThrowIfNull(federation);
        return StartAsync(federation.ConfigPath(participant), adjust);
    }

    public static Task<TestGateway> StartAsync(string configPath, Action<GatewayOptions>? adjust = null) =>
        StartAsync(configPath, keepPorts: false, adjust);

    /// <summary>
    /// Starts the gateway of a config; <paramref name="keepPorts"/> listens on the configured ports
    /// (which the trust list names) instead of free ones; <paramref name="store"/> makes its store
    /// instead of the configured one.
    /// </summary>
    public static async Task<TestGateway> StartAsync(
        string configPath, bool keepPorts, Action<GatewayOptions>? adjust = null, Func<GatewayRuntime, Core.Storage.IMessageStore>? store = null)
    {
        // What the loaded parts log (key rings, trust list, policy) goes to the same capture as the host's own logs.
        var log = new LogCapture();
        var loaderLoggers = LoggerFactory.Create(logging => logging.SetMinimumLevel(LogLevel.Debug).AddProvider(log));
        GatewayHost? host = null;
        try
        {
            var runtime = GatewayRuntimeLoader.Load(configPath, TimeProvider.System, probePorts: true, loggers: loaderLoggers, adjust: options =>
            {
                if (!keepPorts)
                {
                    options.PeerListen = "127.0.0.1:0";
                    options.LocalListen = "127.0.0.1:0";
                    options.OpsListen = "127.0.0.1:0";
                }

                adjust?.Invoke(options);
            });
            host = GatewayHost.Create(runtime, TimeProvider.System, logging => logging
                .SetMinimumLevel(LogLevel.Debug)
                .AddProvider(log), store?.Invoke(runtime));
            using var limit = Eventually.Within(StartStopTimeout);
            await host.StartAsync(limit.Token);
        }
        catch
        {
            if (host is not null)
            {
                await host.DisposeAsync();
            }

            loaderLoggers.Dispose();
            throw;
        }

        return new TestGateway(host, loaderLoggers, log);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            using var limit = Eventually.Within(StartStopTimeout);
            await _host.StopAsync(limit.Token);
        }
        finally
        {
            await _host.DisposeAsync();
            _loaderLoggers.Dispose();
        }
    }
}
