using System.Security.Cryptography;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Contracts;
using CrossBorder.Core.Delivery;
using CrossBorder.Core.Delivery.Inbound;
using CrossBorder.Core.Envelopes;
using CrossBorder.Core.Errors;
using CrossBorder.Core.Trust;
using CrossBorder.Gateway.Security;
using Google.Protobuf;

namespace CrossBorder.Conformance.Responder;

/// <summary>
/// Judges one delivery: the answer is Core's inbound pipeline's, exactly as the gateway's peer
/// face gives it (a refusal before authentication as a gRPC status, a signed receipt after); the
/// verdict adds the sender's own obligations (<see cref="SenderChecks"/>, <see cref="DeliveryMemory"/>)
/// and, when none of them explains a refusal, the statement the refusal cites. Deliveries are
/// judged one at a time, so that each sees the ones before it.
/// </summary>
internal sealed class ResponderJudge(InboundPipeline pipeline, SenderChecks sender, DeliveryMemory memory, VerdictFile verdicts, int maxEnvelopeBytes, TimeProvider time) : IDisposable
{
    private readonly SemaphoreSlim _one = new(1, 1);

    /// <summary>The signed receipt to answer; throws the refusal to answer as a status.</summary>
    public async Task<byte[]> DeliverAsync(ParticipantId peer, ReadOnlyMemory<byte> encoded, CancellationToken cancellationToken)
    {
        await _one.WaitAsync(cancellationToken).ConfigureAwait(false);
        try
        {
            return await JudgeAsync(peer, encoded, cancellationToken).ConfigureAwait(false);
        }
        finally
        {
            _one.Release();
        }
    }

    /// <summary>Records a call refused before the envelope was read (the call's own fields, the per-call certificate check).</summary>
    public Task RefusedCallAsync(ParticipantId? peer, int envelopeBytes, RejectedException refusal, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(refusal);
        var check = RefusalRequirement.For(RefusalRequirement.Stage.Request, refusal.Refusal);
        return verdicts.WriteAsync(
            new DeliveryVerdict(time.GetUtcNow(), null, peer?.ToString(), null, envelopeBytes, Status(refusal.Reason), check is null ? [] : [check]),
            cancellationToken);
    }

    private async Task<byte[]> JudgeAsync(ParticipantId peer, ReadOnlyMemory<byte> encoded, CancellationToken cancellationToken)
    {
        var now = time.GetUtcNow();
        // An envelope over the limit is refused before it is parsed (TOO_LARGE); so is it here.
        var envelope = encoded.Length > maxEnvelopeBytes ? null : Parse(encoded);
        var route = envelope?.Route;
        InboundAnswer answer;
        try
        {
            answer = await pipeline.DeliverAsync(peer, encoded, cancellationToken).ConfigureAwait(false);
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            // Answered a bare UNAVAILABLE by the edge; the sender is not at fault.
            await WriteAsync(now, peer, route, encoded.Length, Status(ReasonCode.Unavailable), [], cancellationToken).ConfigureAwait(false);
            throw;
        }

        var checks = new List<VerdictCheck>();
        var sealedSha256 = envelope is null ? "" : Convert.ToHexStringLower(SHA256.HashData(envelope.Sealed.Span));
        var routeSha256 = route is null ? "" : Convert.ToHexStringLower(RouteDigest.Of(route));
        if (route is not null)
        {
            checks.AddRange(sender.Route(peer, route, encoded.Span, now));
            checks.AddRange(memory.Judge(route, sealedSha256, routeSha256));
            if (answer is InboundAnswer.Receipted { Kind: not InboundAnswerKind.Duplicate })
            {
                checks.AddRange(sender.Sealing(route, envelope!.Sealed.Memory, sealedSha256, now));
            }
        }

        var (given, refusal, stage) = answer switch
        {
            InboundAnswer.Refused refused => (Status(refused.Refusal.Reason), refused.Refusal,
                refused.WhileOpening ? RefusalRequirement.Stage.Opening : route is null ? RefusalRequirement.Stage.Envelope : RefusalRequirement.Stage.Route),
            InboundAnswer.Unsignable => (Status(ReasonCode.Unavailable), null, RefusalRequirement.Stage.Receipt),
            InboundAnswer.Receipted { Rejection: { } rejection } => (VerdictAnswer.Reject(rejection.Reason), rejection, RefusalRequirement.Stage.Receipt),
            _ => (VerdictAnswer.Accept(), (Refusal?)null, RefusalRequirement.Stage.Receipt),
        };
        if (refusal is not null && !checks.Any(c => c.IsFailed) && RefusalRequirement.For(stage, refusal) is { } cited)
        {
            checks.Add(cited);
        }

        if (route is not null)
        {
            memory.Remember(route, sealedSha256, routeSha256, permanent: refusal is not null && !IsTransient(refusal.Reason));
        }

        await WriteAsync(now, peer, route, encoded.Length, given, checks, cancellationToken).ConfigureAwait(false);
        return answer switch
        {
            InboundAnswer.Receipted receipted => receipted.SignedReceipt,
            InboundAnswer.Refused refused => throw refused.Refusal.ToException(),
            _ => throw Reject.Because(ReasonCode.Unavailable, "this peer cannot sign receipts at the moment; try again later"),
        };
    }

    private Task WriteAsync(DateTimeOffset now, ParticipantId peer, RouteHeader? route, int bytes, VerdictAnswer given, IReadOnlyList<VerdictCheck> checks, CancellationToken cancellationToken) =>
        verdicts.WriteAsync(new DeliveryVerdict(
            now,
            route is not null && MessageIds.IsId(route.MessageId) ? route.MessageId : null,
            peer.ToString(),
            route is null ? null : ProtoEnumNames<MessageType>.Name(route.MessageType),
            bytes,
            given,
            checks), cancellationToken);

    /// <summary>The envelope as far as it parses, for the verdict's ids; the pipeline judges it strictly.</summary>
    private static SealedEnvelope? Parse(ReadOnlyMemory<byte> encoded)
    {
        try
        {
            return SealedEnvelope.Parser.ParseFrom(encoded.Span);
        }
        catch (InvalidProtocolBufferException)
        {
            return null;
        }
    }

    private static VerdictAnswer Status(ReasonCode reason) => VerdictAnswer.Refusal(ErrorStatus.ToStatusCode(reason), reason);

    /// <summary>The codes a sender retries (section 12.6): not a final refusal.</summary>
    private static bool IsTransient(ReasonCode reason) =>
        reason is ReasonCode.Unavailable or ReasonCode.TrustListStale or ReasonCode.RevocationUnknown or ReasonCode.RateLimited;

    public void Dispose() => _one.Dispose();
}
