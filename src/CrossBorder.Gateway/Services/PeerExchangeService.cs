using CrossBorder.Contracts.V1;
using CrossBorder.Core.Telemetry;
using CrossBorder.Core.Trust;
using CrossBorder.Gateway.Exchange;
using CrossBorder.Gateway.Hosting;
using CrossBorder.Gateway.Security;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace CrossBorder.Gateway.Services;

/// <summary>The peer face: delivery of sealed envelopes with signed receipts, and ping.</summary>
internal sealed class PeerExchangeService(ParticipantId self, InboundDelivery inbound, TimeProvider time, ILogger<PeerExchangeService> logger)
    : PeerExchange.PeerExchangeBase
{
    public override async Task<DeliverResponse> Deliver(DeliverRequest request, ServerCallContext context)
    {
        var receipt = await inbound.DeliverAsync(CallerIdentity.Peer(context), request.Envelope, context.RequestHeaders.GetValue(ExchangeTelemetry.TraceParentHeader), context.CancellationToken).ConfigureAwait(false);
        return new DeliverResponse { SignedReceipt = UnsafeByteOperations.UnsafeWrap(receipt) };
    }

    public override Task<PingResponse> Ping(PingRequest request, ServerCallContext context)
    {
        var caller = CallerIdentity.Peer(context);
        GatewayLog.PingAnswered(logger, caller.ToString());
        return Task.FromResult(new PingResponse
        {
            VerifiedCaller = caller.ToString(),
            Responder = self.ToString(),
            Time = Timestamp.FromDateTimeOffset(time.GetUtcNow()),
        });
    }
}
