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

namespace CrossBorder.Gateway.Peers;

/// <summary>
/// Delivers sealed bytes to peers over gRPC and mutual TLS, one channel per (recipient, endpoint),
/// the server's certificate checked against the trust list for the expected participant. A gRPC
/// error becomes the refusal the peer's ErrorInfo names.
/// </summary>
internal sealed class GrpcPeerClient(
    X509Certificate2 tlsCertificate,
    X509Certificate2Collection tlsChain,
    PeerCertificateValidator validator,
    int maxEnvelopeBytes,
    TimeProvider time) : IPeerClient, IDisposable
{
    private readonly ConcurrentDictionary<(ParticipantId, Uri), GrpcChannel> _channels = new();

    public async Task<Outcome<byte[]>> DeliverAsync(ParticipantId recipient, Uri endpoint, ReadOnlyMemory<byte> envelope, string? traceParent, TimeSpan timeout, CancellationToken stopping)
    {
        var channel = _channels.GetOrAdd((recipient, endpoint), key => PeerChannels.Create(
            key.Item2, key.Item1, tlsCertificate, tlsChain, validator, maxEnvelopeBytes + (64 * 1024), new ServerIdentity()));
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

    public void Dispose()
    {
        foreach (var channel in _channels.Values)
        {
            channel.Dispose();
        }
    }
}
