using CrossBorder.Cli.DevPki;
using CrossBorder.Core.Storage;
using CrossBorder.Core.Trust;
using CrossBorder.Gateway.Configuration;
using CrossBorder.Gateway.Hosting;
using Microsoft.Extensions.Logging;

namespace CrossBorder.Benchmarks;

/// <summary>
/// A real gateway of the bench's dev federation in this process: both Kestrel faces with mutual
/// TLS, on the ports its config and the trust list name, the store its settings name (a SQLite
/// file of its own unless the bench says otherwise), the shipped defaults except where the bench
/// says. Its warnings and errors are counted, not printed.
/// </summary>
internal sealed class BenchGateway : IAsyncDisposable
{
    private static readonly TimeSpan StartStopTimeout = TimeSpan.FromSeconds(15);

    private readonly GatewayHost _host;
    private readonly WarningCounter _warnings;

    private BenchGateway(GatewayHost host, WarningCounter warnings)
    {
        _host = host;
        _warnings = warnings;
    }

    public IMessageStore Store => _host.Store;

    /// <summary>The peer face's address.</summary>
    public Uri PeerAddress => _host.PeerAddress;

    /// <summary>The local face's address (a replica's own when the config's port is another replica's).</summary>
    public Uri LocalAddress => _host.LocalAddress;

    /// <summary>The flood limits in force.</summary>
    public GatewayLimits Limits => _host.Runtime.Limits;

    /// <summary>The largest envelope accepted.</summary>
    public int MaxEnvelopeBytes => _host.Runtime.MaxEnvelopeBytes;

    /// <summary>Warnings and errors the gateway logged (retries, refusals, failures).</summary>
    public long Warnings => _warnings.Count;

    /// <summary>The first warning logged, to show when there were any.</summary>
    public string? FirstWarning => _warnings.First;

    public static async Task<BenchGateway> StartAsync(
        DevFederationLayout layout, string participant, string dataDirectory, string synchronous, int dispatchParallelism, DeliveryWatch? watch = null, Action<GatewayOptions>? more = null)
    {
        var runtime = GatewayRuntimeLoader.Load(layout.GatewayConfig(ParticipantId.Parse(participant)), TimeProvider.System, probePorts: true, adjust: options =>
        {
            options.DataDirectory = dataDirectory;
            options.DatabaseSynchronous = synchronous;
            options.DispatchParallelism = dispatchParallelism;

            // A peer's deliveries in flight are never capped below what the other gateway sends at once.
            options.Limits.PeerConcurrentDeliveries = Math.Max(options.Limits.PeerConcurrentDeliveries, dispatchParallelism);
            more?.Invoke(options);
        });

        // The store GatewayHost would make, wrapped to see its commits (DELIVERED on a sender, inbound on a receiver).
        var store = runtime.Exchange.CreateStore(TimeProvider.System);
        if (watch is not null)
        {
            store = watch.Wrap(store);
        }

        var warnings = new WarningCounter();
        var host = GatewayHost.Create(runtime, TimeProvider.System, logging => logging.SetMinimumLevel(LogLevel.Warning).AddProvider(warnings), store);
        try
        {
            using var limit = new CancellationTokenSource(StartStopTimeout, TimeProvider.System);
            await host.StartAsync(limit.Token).ConfigureAwait(false);
        }
        catch
        {
            await host.DisposeAsync().ConfigureAwait(false);
            throw;
        }

        return new BenchGateway(host, warnings);
    }

    public async ValueTask DisposeAsync()
    {
        try
        {
            using var limit = new CancellationTokenSource(StartStopTimeout, TimeProvider.System);
            await _host.StopAsync(limit.Token).ConfigureAwait(false);
        }
        finally
        {
            await _host.DisposeAsync().ConfigureAwait(false);
        }
    }

    /// <summary>Counts what the gateway logs at warning level or above.</summary>
    private sealed class WarningCounter : ILoggerProvider, ILogger
    {
        private long _count;
        private string? _first;

        public long Count => Interlocked.Read(ref _count);

        public string? First => Volatile.Read(ref _first);

        public ILogger CreateLogger(string categoryName) => this;

        public IDisposable? BeginScope<TState>(TState state)
            where TState : notnull => null;

        public bool IsEnabled(LogLevel logLevel) => logLevel >= LogLevel.Warning;

        public void Log<TState>(LogLevel logLevel, EventId eventId, TState state, Exception? exception, Func<TState, Exception?, string> formatter)
        {
            if (!IsEnabled(logLevel))
            {
                return;
            }

            Interlocked.Increment(ref _count);
            Interlocked.CompareExchange(ref _first, formatter(state, exception), null);
        }

        public void Dispose()
        {
        }
    }
}
