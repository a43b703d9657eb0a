using CrossBorder.Contracts.V1;
using CrossBorder.Core.Trust;
using CrossBorder.Gateway.Security;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace CrossBorder.Conformance.Responder;

/// <summary>The responder's peer face: Deliver judged by <see cref="ResponderJudge"/>, Ping answered as a gateway answers it ([WS-2-13]).</summary>
internal sealed class ResponderPeerExchange(ParticipantId self, ResponderJudge judge, TimeProvider time) : PeerExchange.PeerExchangeBase
{
    public override async Task<DeliverResponse> Deliver(DeliverRequest request, ServerCallContext context)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(context);
        try
        {
            var receipt = await judge.DeliverAsync(CallerIdentity.Peer(context), request.Envelope.Memory, context.CancellationToken).ConfigureAwait(false);
            return new DeliverResponse { SignedReceipt = UnsafeByteOperations.UnsafeWrap(receipt) };
        }
        finally
        {
            VerdictInterceptor.MarkJudged(context);
        }
    }

    public override Task<PingResponse> Ping(PingRequest request, ServerCallContext context) => Task.FromResult(new PingResponse
    {
        VerifiedCaller = CallerIdentity.Peer(context).ToString(),
        Responder = self.ToString(),
        Time = Timestamp.FromDateTimeOffset(time.GetUtcNow()),
    });
}
