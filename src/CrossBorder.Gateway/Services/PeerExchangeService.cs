using CrossBorder.Contracts.V1;
using CrossBorder.Gateway.Configuration;
using CrossBorder.Gateway.Hosting;
using CrossBorder.Gateway.Security;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;
using Microsoft.Extensions.Logging;

namespace CrossBorder.Gateway.Services;

/// <summary>The peer face. Delivery of sealed envelopes arrives with the exchange (issue #6).</summary>
internal sealed class PeerExchangeService(GatewayRuntime runtime, TimeProvider time, ILogger<PeerExchangeService> logger)
    : PeerExchange.PeerExchangeBase
{
    public override Task<PingResponse> Ping(PingRequest request, ServerCallContext context)
    {
        var caller = CallerIdentity.Peer(context);
        GatewayLog.PingAnswered(logger, caller.ToString());
        return Task.FromResult(new PingResponse
        {
            VerifiedCaller = caller.ToString(),
            Responder = runtime.Participant.ToString(),
            Time = Timestamp.FromDateTimeOffset(time.GetUtcNow()),
        });
    }
}
