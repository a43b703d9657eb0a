using CrossBorder.Contracts.V1;
using CrossBorder.Core.Trust;
using CrossBorder.Gateway.Hosting;
using Grpc.Core;
using Grpc.Health.V1;
using Grpc.Net.Client;
using Microsoft.Extensions.Logging;
using static Grpc.Health.V1.HealthCheckResponse.Types;

namespace CrossBorder.Gateway.Peers;

/// <summary>
/// The way to one participant under the trust list's endpoints for it: one channel. With several
/// endpoints (replicas of the participant) the channel balances over them, and each endpoint's
/// health service is asked every probe interval: an endpoint whose peer face answers NOT_SERVING
/// is left out of the channel's addresses until it answers SERVING again. An endpoint that does not
/// answer stays in (the balancer already skips one that refuses connections), and when every
/// endpoint answers NOT_SERVING all stay in: the peer's own refusal then decides, under the retry rules.
/// Each change of an endpoint's verdict is logged (events 1611, 1612).
/// </summary>
internal sealed class PeerRoute : IDisposable
{
    private static readonly TimeSpan ProbeTimeout = TimeSpan.FromSeconds(5);

    private readonly PeerEndpointResolver? _resolver;
    private readonly GrpcChannel[] _probes;
    private readonly ITimer? _timer;
    private readonly TimeProvider _time;
    private readonly ParticipantId _participant;
    private readonly ILogger _logger = Microsoft.Extensions.Logging.Abstractions.NullLogger.Instance;
    private readonly HashSet<Uri> _notServing = [];
    private readonly CancellationTokenSource _stop = new();
    private IReadOnlyList<Uri> _published;
    private int _probing;

    /// <summary>A plain channel to a single endpoint: there is nothing to balance or leave out.</summary>
    public PeerRoute(ParticipantId participant, Uri endpoint, GrpcChannel channel, TimeProvider time)
    {
        _participant = participant;
        Endpoints = [endpoint];
        Channel = channel;
        _time = time;
        _probes = [];
        _published = Endpoints;
    }

    /// <summary>A balanced channel over <paramref name="endpoints"/>, <paramref name="probe"/> making a channel to one of them for its health probe.</summary>
    public PeerRoute(
        ParticipantId participant,
        IReadOnlyList<Uri> endpoints,
        PeerEndpointResolver resolver,
        GrpcChannel channel,
        Func<Uri, GrpcChannel> probe,
        TimeProvider time,
        TimeSpan probeInterval,
        ILogger logger)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        ArgumentNullException.ThrowIfNull(probe);
        Endpoints = endpoints;
        Channel = channel;
        _resolver = resolver;
        _time = time;
        _participant = participant;
        _logger = logger;
        _probes = [.. endpoints.Select(probe)];
        _published = endpoints;
        _timer = time.CreateTimer(_ => _ = ProbeAsync(), null, TimeSpan.Zero, probeInterval);
    }

    /// <summary>The trust list's endpoints this route was made for.</summary>
    public IReadOnlyList<Uri> Endpoints { get; }

    public GrpcChannel Channel { get; }

    /// <summary>The endpoints the channel balances over now.</summary>
    public IReadOnlyList<Uri> Serving => Volatile.Read(ref _published);

    private async Task ProbeAsync()
    {
        if (Interlocked.Exchange(ref _probing, 1) == 1)
        {
            return;
        }

        try
        {
            var serving = await Task.WhenAll(_probes.Select(IsNotRefusingAsync)).ConfigureAwait(false);
            LogChanges(serving);
            IReadOnlyList<Uri> publish = [.. Endpoints.Where((_, i) => serving[i])];
            if (publish.Count == 0)
            {
                publish = Endpoints;
            }

            if (!_stop.IsCancellationRequested && !publish.SequenceEqual(_published))
            {
                Volatile.Write(ref _published, publish);
                _resolver!.Publish(publish);
            }
        }
        catch (ObjectDisposedException)
        {
            // the route was replaced or the gateway stops
        }
        finally
        {
            Volatile.Write(ref _probing, 0);
        }
    }

    private void LogChanges(bool[] serving)
    {
        for (var i = 0; i < serving.Length; i++)
        {
            var endpoint = Endpoints[i];
            if (!serving[i] && _notServing.Add(endpoint))
            {
                GatewayLog.PeerEndpointNotServing(_logger, _participant.ToString(), endpoint.ToString());
            }
            else if (serving[i] && _notServing.Remove(endpoint))
            {
                GatewayLog.PeerEndpointServing(_logger, _participant.ToString(), endpoint.ToString());
            }
        }
    }

    /// <summary>False only when the endpoint's peer face answered NOT_SERVING.</summary>
    private async Task<bool> IsNotRefusingAsync(GrpcChannel channel)
    {
        try
        {
            using var timer = new CancellationTokenSource(ProbeTimeout, _time);
            using var limit = CancellationTokenSource.CreateLinkedTokenSource(_stop.Token, timer.Token);
            var answer = await new Health.HealthClient(channel)
                .CheckAsync(new HealthCheckRequest { Service = PeerExchange.Descriptor.FullName }, cancellationToken: limit.Token)
                .ConfigureAwait(false);
            return answer.Status != ServingStatus.NotServing;
        }
        catch (Exception ex) when (ex is RpcException or ObjectDisposedException or OperationCanceledException)
        {
            return true;
        }
    }

    public void Dispose()
    {
        _timer?.Dispose();
        _stop.Cancel();
        Channel.Dispose();
        foreach (var probe in _probes)
        {
            probe.Dispose();
        }

        _stop.Dispose();
    }
}
