using System.Diagnostics;
using System.Globalization;
using CrossBorder.Cli.DevPki;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Delivery.States;
using Grpc.Net.Client;

namespace CrossBorder.Benchmarks;

/// <summary>Starts one gateway of an <see cref="ExchangePair"/> with the watch that sees its store's commits.</summary>
internal delegate Task<BenchGateway> StartGateway(DeliveryWatch watch);

/// <summary>
/// IT/NCP and AL/NCP, each one gateway with a store of its own or several replicas sharing one,
/// and IT/NCP's case worker on the local face of each IT/NCP replica in turn.
/// </summary>
internal sealed class ExchangePair : IAsyncDisposable
{
    /// <summary>Exchanges after a gateway restart before a measurement.</summary>
    private static readonly TimeSpan SettleFor = TimeSpan.FromSeconds(2);

    private readonly DevFederationLayout _layout;
    private readonly string _synchronous;
    private readonly SubmitRequest _request;
    private readonly DeliveryWatch _watch;
    private readonly IReadOnlyList<BenchGateway> _senders;
    private readonly List<(BenchGateway Gateway, DeliveryWatch Watch)> _receivers;
    private readonly GrpcChannel[] _channels;
    private readonly LocalExchange.LocalExchangeClient[] _caseWorkers;
    private long _next;

    private ExchangePair(
        DevFederationLayout layout, string synchronous, SubmitRequest request, DeliveryWatch watch, IReadOnlyList<BenchGateway> senders, List<(BenchGateway, DeliveryWatch)> receivers)
    {
        _layout = layout;
        _synchronous = synchronous;
        _request = request;
        _watch = watch;
        _senders = senders;
        _receivers = receivers;
        _channels = [.. senders.Select(s => ExchangeBench.LocalClient(layout, "IT/NCP", s.LocalAddress))];
        _caseWorkers = [.. _channels.Select(c => new LocalExchange.LocalExchangeClient(c))];
    }

    /// <summary>Inbound messages each AL/NCP gateway committed since it started, in start order.</summary>
    public IReadOnlyList<long> Received => [.. _receivers.Select(r => r.Watch.Received)];

    /// <summary>One SQLite gateway each, in <paramref name="data"/>, in the given synchronous mode, on the ports the trust list names.</summary>
    public static Task<ExchangePair> StartAsync(DevFederationLayout layout, string data, string synchronous, SubmitRequest request)
    {
        var suffix = synchronous.ToLowerInvariant();
        return StartAsync(
            layout,
            synchronous,
            request,
            [watch => BenchGateway.StartAsync(layout, "IT/NCP", Path.Combine(data, "it-" + suffix), synchronous, ExchangeBench.DispatchParallelism, watch)],
            [watch => BenchGateway.StartAsync(layout, "AL/NCP", Path.Combine(data, "al-" + suffix), synchronous, ExchangeBench.DispatchParallelism, watch)]);
    }

    /// <summary>The gateways given, AL/NCP's first; IT/NCP's share the watch that sees DELIVERED whichever of them records it.</summary>
    public static async Task<ExchangePair> StartAsync(
        DevFederationLayout layout, string synchronous, SubmitRequest request, IReadOnlyList<StartGateway> senders, IReadOnlyList<StartGateway> receivers)
    {
        var watch = new DeliveryWatch();
        var started = new List<BenchGateway>();
        try
        {
            var received = new List<(BenchGateway, DeliveryWatch)>();
            foreach (var start in receivers)
            {
                var own = new DeliveryWatch();
                var gateway = await start(own).ConfigureAwait(false);
                started.Add(gateway);
                received.Add((gateway, own));
            }

            var sending = new List<BenchGateway>();
            foreach (var start in senders)
            {
                var gateway = await start(watch).ConfigureAwait(false);
                started.Add(gateway);
                sending.Add(gateway);
            }

            return new ExchangePair(layout, synchronous, request, watch, sending, received);
        }
        catch
        {
            foreach (var gateway in started)
            {
                await gateway.DisposeAsync().ConfigureAwait(false);
            }

            throw;
        }
    }

    /// <summary>One exchange: submit on the next IT/NCP replica's local face, wait for DELIVERED; the <see cref="Stopwatch"/> ticks from the submit call's start.</summary>
    public async Task<long> ExchangeAsync()
    {
        var caseWorker = _caseWorkers[(int)((ulong)Interlocked.Increment(ref _next) % (ulong)_caseWorkers.Length)];
        var start = Stopwatch.GetTimestamp();
        var submitted = await caseWorker.SubmitAsync(_request, deadline: ExchangeBench.Deadline()).ConfigureAwait(false);
        return await _watch.DeliveredAsync(submitted.MessageId).ConfigureAwait(false) - start;
    }

    /// <summary>
    /// Exchanges for a while after a restart, so that the measurement after it starts, as the
    /// first one did, with connections and TLS sessions open and the store's files grown.
    /// </summary>
    public Task<Rate> SettleAsync(int level) => Concurrent.RunAsync(level, ExchangeAsync, SettleFor);

    /// <summary>Stops AL/NCP's one SQLite gateway and starts it again on a fresh store.</summary>
    public async Task RestartReceiverAsync(string dataDirectory)
    {
        var (receiver, _) = _receivers.Single();
        await receiver.DisposeAsync().ConfigureAwait(false);
        _receivers.Clear();
        var watch = new DeliveryWatch();
        _receivers.Add((await BenchGateway.StartAsync(_layout, "AL/NCP", dataDirectory, _synchronous, ExchangeBench.DispatchParallelism, watch).ConfigureAwait(false), watch));
    }

    /// <summary>
    /// Runs a measurement, then checks in IT/NCP's outbox (shared by its replicas) that every
    /// exchange the bench saw DELIVERED is DELIVERED there, that nothing else is left, and that no
    /// gateway warned.
    /// </summary>
    public async Task<T> CheckedAsync<T>(Func<Task<T>> measure)
    {
        var outbox = _senders[0].Store;
        var before = await outbox.OutboxCountsAsync(CancellationToken.None).ConfigureAwait(false);
        var seen = _watch.Delivered;
        var result = await measure().ConfigureAwait(false);
        var after = await outbox.OutboxCountsAsync(CancellationToken.None).ConfigureAwait(false);
        var stored = after[OutboxState.Delivered] - before[OutboxState.Delivered];
        var other = after.Where(c => c.Key != OutboxState.Delivered).Sum(c => c.Value);
        var gateways = _senders.Concat(_receivers.Select(r => r.Gateway)).ToList();
        var warnings = gateways.Sum(g => g.Warnings);
        if (stored != _watch.Delivered - seen || other != 0 || _watch.NotDelivered != 0 || warnings != 0)
        {
            throw new InvalidOperationException(string.Create(
                CultureInfo.InvariantCulture,
                $"the outbox disagrees with the bench: {stored} DELIVERED stored, {_watch.Delivered - seen} seen, {other} in other states, "
                + $"{_watch.NotDelivered} attempts not delivered, {warnings} gateway warnings (first: {gateways.Select(g => g.FirstWarning).FirstOrDefault(w => w is not null)})"));
        }

        return result;
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var channel in _channels)
        {
            channel.Dispose();
        }

        List<Exception> failures = [];
        foreach (var gateway in _senders.Concat(_receivers.Select(r => r.Gateway)))
        {
            try
            {
                await gateway.DisposeAsync().ConfigureAwait(false);
            }
            catch (Exception exception)
            {
                failures.Add(exception);
            }
        }

        if (failures.Count > 0)
        {
            throw new AggregateException("gateways did not stop cleanly", failures);
        }
    }
}
