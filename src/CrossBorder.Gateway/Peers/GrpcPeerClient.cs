using System.Collections.Concurrent;
using System.Diagnostics;
using System.Security.Cryptography.X509Certificates;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Delivery;
using CrossBorder.Core.Delivery.Outbound;
using CrossBorder.Core.Errors;
using CrossBorder.Core.Telemetry;
using CrossBorder.Core.Trust;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;
using Microsoft.Extensions.Logging;

namespace CrossBorder.Gateway.Peers;

/// <summary>
/// Delivers sealed bytes to peers over gRPC and mutual TLS, one channel per recipient over all of
/// its endpoints (<see cref="PeerRoute"/>, made again when the trust list's endpoints for it change),
/// the server's certificate checked against the trust list for the expected participant whichever
/// endpoint answered. A gRPC error becomes the refusal the peer's ErrorInfo names; a call is not
/// retried here: a failed attempt is retried by the outbox's schedule, on whichever endpoint then serves.
/// </summary>
internal sealed class GrpcPeerClient(
    X509Certificate2 tlsCertificate,
    X509Certificate2Collection tlsChain,
    PeerCertificateValidator validator,
    int maxEnvelopeBytes,
    TimeProvider time,
    ILogger logger,
    TimeSpan? healthProbeInterval = null) : IPeerClient, IDisposable
{
    /// <summary>How often the endpoints of a participant with several are asked for their health.</summary>
    public static readonly TimeSpan DefaultHealthProbeInterval = TimeSpan.FromSeconds(5);

    private readonly ConcurrentDictionary<ParticipantId, PeerRoute> _routes = new();
    private readonly int _maxMessageBytes = maxEnvelopeBytes + (64 * 1024);

    public async Task<Outcome<byte[]>> DeliverAsync(ParticipantId recipient, IReadOnlyList<Uri> endpoints, ReadOnlyMemory<byte> envelope, string? traceParent, TimeSpan timeout, CancellationToken stopping)
    {
        var channel = Route(recipient, endpoints).Channel;
        var client = new PeerExchange.PeerExchangeClient(channel);
        try
        {
            using var timer = new CancellationTokenSource(timeout, time);
            using var deadline = CancellationTokenSource.CreateLinkedTokenSource(stopping, timer.Token);
            var headers = new Metadata();
            if (traceParent is not null && ActivityContext.TryParse(traceParent, null, out _))
            {
                headers.Add(ExchangeTelemetry.TraceParentHeader, traceParent);
            }

            var response = await client.DeliverAsync(
                new DeliverRequest { Envelope = UnsafeByteOperations.UnsafeWrap(envelope) },
                headers,
                cancellationToken: deadline.Token).ConfigureAwait(false);
            return response.SignedReceipt.ToByteArray();
        }
        catch (RpcException ex) when (!stopping.IsCancellationRequested)
        {
            // Our peers answer RESOURCE_EXHAUSTED with a reason (RATE_LIMITED) when they are busy; without
            // one it is the recipient's gRPC message limit, smaller than this envelope: trying again
            // cannot help, so the message fails at once as TOO_LARGE instead of retrying until it expires.
            var reason = RefusalStatus.ReasonOf(ex) ?? (ex.StatusCode == StatusCode.ResourceExhausted ? ReasonCode.TooLarge : ReasonCode.Unavailable);
            return new Refusal(reason, "the peer did not answer a receipt");
        }
    }

    /// <summary>The route to <paramref name="recipient"/> for these endpoints: the cached one, or a new one replacing a route made for other endpoints.</summary>
    internal PeerRoute Route(ParticipantId recipient, IReadOnlyList<Uri> endpoints)
    {
        ArgumentNullException.ThrowIfNull(endpoints);
        while (true)
        {
            if (_routes.TryGetValue(recipient, out var current))
            {
                if (current.Endpoints.SequenceEqual(endpoints))
                {
                    return current;
                }

                var replacement = Create(recipient, endpoints);
                if (_routes.TryUpdate(recipient, replacement, current))
                {
                    // Calls still under way on the old channel end as UNAVAILABLE and are retried by the schedule.
                    current.Dispose();
                    return replacement;
                }

                replacement.Dispose();
                continue;
            }

            var route = Create(recipient, endpoints);
            if (_routes.TryAdd(recipient, route))
            {
                return route;
            }

            route.Dispose();
        }
    }

    private PeerRoute Create(ParticipantId recipient, IReadOnlyList<Uri> endpoints)
    {
        if (endpoints.Count == 1)
        {
            return new PeerRoute(recipient, endpoints[0], Channel(endpoints[0]), time);
        }

        var resolver = new PeerEndpointResolver(endpoints);
        var channel = PeerChannels.CreateBalanced(resolver, recipient, tlsCertificate, tlsChain, validator, _maxMessageBytes);
        return new PeerRoute(recipient, [.. endpoints], resolver, channel, Channel, time, healthProbeInterval ?? DefaultHealthProbeInterval, logger);

        GrpcChannel Channel(Uri endpoint) =>
            PeerChannels.Create(endpoint, recipient, tlsCertificate, tlsChain, validator, _maxMessageBytes, new ServerIdentity());
    }

    public void Dispose()
    {
        foreach (var route in _routes.Values)
        {
            route.Dispose();
        }
    }
}
