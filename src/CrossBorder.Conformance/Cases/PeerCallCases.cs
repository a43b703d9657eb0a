using CrossBorder.Conformance.Envelopes;
using CrossBorder.Conformance.Model;
using CrossBorder.Contracts.V1;
using Google.Protobuf;
using static CrossBorder.Conformance.Cases.CaseBuilder;

namespace CrossBorder.Conformance.Cases;

/// <summary>
/// Section 2.2: the two calls of the peer face. The request messages hold nothing the contract
/// does not define (sent as raw bytes, so that no client library drops the extra field), and
/// Ping says who the receiver verified, who it is and what time it is.
/// </summary>
internal static class PeerCallCases
{
    /// <summary>How far the target's clock may be from ours: the spec's default skew.</summary>
    private static readonly TimeSpan Skew = TimeSpan.FromSeconds(300);

    public static IEnumerable<ConformanceCase> All()
    {
        yield return WithDefaultType("transport.deliver-request-unknown-field",
            $"a DeliverRequest holding a good envelope and an unknown field (number {UnknownFieldBytes.FieldNumber}) is refused with UNKNOWN_FIELD",
            async (run, type, token) =>
            {
                var (envelope, skipped) = run.Envelopes.Seal(type);
                if (envelope is null)
                {
                    return PolicySkip("expected UNKNOWN_FIELD", skipped!);
                }

                byte[] request = [.. new DeliverRequest { Envelope = envelope.ToByteString() }.ToByteArray(), .. UnknownFieldBytes.Of(WireFormat.WireType.Varint)];
                return Expect.Refused(await run.DeliverRequestBytesAsync(request, token).ConfigureAwait(false), ReasonCode.UnknownField);
            });

        yield return Case("transport.ping-answer",
            "Ping answers the sender as the verified caller, the target as the responder, and a time within the skew (300 s) of ours",
            async (run, token) =>
            {
                const string Expected = "expected verified_caller = the sender, responder = the target, time = now within the skew";
                var (response, refused) = await run.IdentifyAsync(token).ConfigureAwait(false);
                if (response is null)
                {
                    return CaseVerdict.Fail(Expected, $"saw no answer to Ping: {refused}");
                }

                var now = run.Time.GetUtcNow();
                var time = response.Time?.ToDateTimeOffset();
                var saw = $"saw verified caller {response.VerifiedCaller}, responder {response.Responder}, time {(time is { } t ? $"{(t - now).TotalSeconds:0.#} s from ours" : "absent")}";
                return CaseVerdict.Judge(
                    response.VerifiedCaller == run.Credentials.Participant.ToString()
                        && response.Responder == run.Target!.Id.ToString()
                        && time is { } at && (at - now).Duration() <= Skew,
                    Expected,
                    saw);
            });

        yield return Case("transport.ping-request-unknown-field",
            $"a PingRequest holding a field (number {UnknownFieldBytes.FieldNumber}) is refused with UNKNOWN_FIELD",
            async (run, token) =>
            {
                var (response, refused) = await run.PingRequestBytesAsync(UnknownFieldBytes.Of(WireFormat.WireType.Varint), token).ConfigureAwait(false);
                return response is not null
                    ? CaseVerdict.Fail("expected a refusal with UNKNOWN_FIELD", $"saw Ping answered for {response.VerifiedCaller}")
                    : Expect.Refused(refused!, ReasonCode.UnknownField);
            });
    }
}
