using System.Collections.Concurrent;
using System.Security.Cryptography;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Envelopes;
using CrossBorder.Core.Errors;
using CrossBorder.Core.Trust;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Grpc.Core;

namespace CrossBorder.Conformance.Tests.Infrastructure;

/// <summary>
/// A peer face that is our real gateway but for one broken rule: every call is relayed to the
/// gateway, and its answer is passed back unchanged unless the <see cref="PeerFault"/> applies,
/// in which case the answer is the one a gateway without that check would give, signed with the
/// target's (or, for that fault, another participant's) real signing key.
/// </summary>
internal sealed class FaultyPeerExchange(
    PeerExchange.PeerExchangeClient gateway,
    PeerFault fault,
    ParticipantId self,
    SigningIdentity signer,
    SigningIdentity otherSigner,
    ISignerValidator receiptSigners) : PeerExchange.PeerExchangeBase
{
    private readonly ConcurrentDictionary<string, bool> _seen = new();

    public override async Task<DeliverResponse> Deliver(DeliverRequest request, ServerCallContext context)
    {
        DeliverResponse answer;
        request = Stricter(request);
        try
        {
            answer = await gateway.DeliverAsync(request, deadline: context.Deadline, cancellationToken: context.CancellationToken);
        }
        catch (RpcException ex)
        {
            if (fault.AcceptsInsteadOf is { } skipped && RefusalStatus.ReasonOf(ex) == skipped && Route(request) is { } refusedRoute)
            {
                return Signed(NewReceipt(refusedRoute, request), signer);
            }

            throw new RpcException(ex.Status, ex.Trailers);
        }

        var route = Route(request);
        if (route is null)
        {
            return answer;
        }

        var digest = SHA256.HashData(SealedEnvelope.Parser.ParseFrom(request.Envelope).Sealed.Span);
        var receipt = ReceiptCodec.Verify(answer.SignedReceipt.Memory, receiptSigners, self, ParticipantId.Parse(route.Sender), route.MessageId, digest, TimeProvider.System.GetUtcNow());
        var repeat = !_seen.TryAdd(Convert.ToHexString(digest), true);
        if (fault.AcceptsInsteadOf is { } reason && receipt.Outcome == ReceiptOutcome.Rejected && receipt.Reason == reason)
        {
            return Signed(NewReceipt(route, request), signer);
        }

        if (fault.WrongDigest)
        {
            receipt.SealedSha256 = ByteString.CopyFrom(SHA256.HashData(digest));
            return Signed(receipt, signer);
        }

        if (fault.SignedByAnother)
        {
            return Signed(receipt, otherSigner);
        }

        return fault.FreshReceiptOnRepeat && repeat ? Signed(receipt, signer) : answer;
    }

    /// <summary>An envelope the fault refuses goes on with one byte after its sealed DER, which the gateway refuses with MALFORMED.</summary>
    private DeliverRequest Stricter(DeliverRequest request)
    {
        if (fault.RefusesSealed is not { } refuses || Route(request) is null)
        {
            return request;
        }

        var envelope = SealedEnvelope.Parser.ParseFrom(request.Envelope);
        if (!refuses(envelope.Sealed.ToByteArray()))
        {
            return request;
        }

        envelope.Sealed = ByteString.CopyFrom([.. envelope.Sealed.Span, 0x00]);
        return new DeliverRequest { Envelope = envelope.ToByteString() };
    }

    public override Task<PingResponse> Ping(PingRequest request, ServerCallContext context) =>
        gateway.PingAsync(request, deadline: context.Deadline, cancellationToken: context.CancellationToken).ResponseAsync;

    private static RouteHeader? Route(DeliverRequest request)
    {
        try
        {
            return SealedEnvelope.Parser.ParseFrom(request.Envelope).Route;
        }
        catch (InvalidProtocolBufferException)
        {
            return null;
        }
    }

    private Receipt NewReceipt(RouteHeader route, DeliverRequest request) => new()
    {
        MessageId = route.MessageId,
        Sender = route.Sender,
        Recipient = self.ToString(),
        SealedSha256 = ByteString.CopyFrom(SHA256.HashData(SealedEnvelope.Parser.ParseFrom(request.Envelope).Sealed.Span)),
        Outcome = ReceiptOutcome.Accepted,
        IssuedAt = Timestamp.FromDateTimeOffset(TimeProvider.System.GetUtcNow()),
    };

    private static DeliverResponse Signed(Receipt receipt, SigningIdentity by) =>
        new() { SignedReceipt = ByteString.CopyFrom(ReceiptCodec.Sign(receipt, by, TimeProvider.System.GetUtcNow())) };
}
