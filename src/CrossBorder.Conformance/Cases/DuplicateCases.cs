using System.Security.Cryptography;
using CrossBorder.Conformance.Model;
using CrossBorder.Conformance.Target;
using CrossBorder.Contracts.V1;
using static CrossBorder.Conformance.Cases.CaseBuilder;

namespace CrossBorder.Conformance.Cases;

/// <summary>
/// Section 10: the same bytes again get the same receipt; the same id with other bytes gets
/// ID_CONFLICT; the same bytes under another routing header are judged anew.
/// </summary>
internal static class DuplicateCases
{
    public static IEnumerable<ConformanceCase> All()
    {
        yield return WithDefaultType("duplicates.same-receipt",
            "the same envelope delivered twice is answered twice with the identical signed receipt",
            async (run, type, token) =>
            {
                const string Expected = "expected the first receipt's bytes again";
                var (envelope, skipped) = run.Envelopes.Seal(type);
                if (envelope is null)
                {
                    return PolicySkip(Expected, skipped!);
                }

                var first = await run.DeliverAsync(envelope, token).ConfigureAwait(false);
                var accepted = Expect.Accepted(run, envelope, first);
                if (accepted.Status != CaseStatus.Pass)
                {
                    return CaseVerdict.Skip(Expected, $"the first delivery was not accepted: {accepted.Saw}");
                }

                var second = await run.DeliverAsync(envelope, token).ConfigureAwait(false);
                return second is DeliveryAnswer.Receipted again && again.SignedReceipt.AsSpan().SequenceEqual(((DeliveryAnswer.Receipted)first).SignedReceipt)
                    ? CaseVerdict.Pass(Expected, "saw the identical receipt")
                    : CaseVerdict.Fail(Expected, $"saw {Expect.Describe(run, envelope, second)} that differs from the first");
            });

        yield return WithDefaultType("duplicates.id-conflict",
            "a second envelope with the message id of an accepted one but other bytes gets a signed REJECTED receipt with ID_CONFLICT",
            async (run, type, token) =>
            {
                const string Expected = "expected a signed REJECTED receipt with ID_CONFLICT";
                var (envelope, skip) = await AcceptedFirstAsync(run, type, Expected, token).ConfigureAwait(false);
                if (envelope is null)
                {
                    return skip!;
                }

                var (conflicting, _) = run.Envelopes.Seal(type, h =>
                {
                    h.Route.MessageId = envelope.Route.MessageId;
                    h.Route.ConversationId = envelope.Route.ConversationId;
                });
                return Expect.Rejected(run, conflicting!, await run.DeliverAsync(conflicting!, token).ConfigureAwait(false), ReasonCode.IdConflict);
            });

        yield return WithDefaultType("duplicates.same-bytes-other-route",
            "the sealed bytes of an accepted envelope again under a routing header with another conversation id are judged anew and refused with HEADER_MISMATCH, not answered with the first receipt",
            async (run, type, token) =>
            {
                const string Expected = "expected a refusal with HEADER_MISMATCH before authentication";
                var (envelope, skip) = await AcceptedFirstAsync(run, type, Expected, token).ConfigureAwait(false);
                if (envelope is null)
                {
                    return skip!;
                }

                var rerouted = new SealedEnvelope { Route = envelope.Route.Clone(), Sealed = envelope.Sealed };
                rerouted.Route.ConversationId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16));
                return Expect.Refused(await run.DeliverAsync(rerouted, token).ConfigureAwait(false), ReasonCode.HeaderMismatch);
            });

        yield return WithDefaultType("duplicates.refused-then-judged-anew",
            "an envelope refused with a signed REJECTED receipt is not remembered as accepted: a good envelope with its message id is then judged like a first delivery and accepted, without ID_CONFLICT or the first receipt",
            async (run, type, token) =>
            {
                const string Expected = "expected a verified ACCEPTED receipt for the second envelope";
                var (refused, skipped) = run.Envelopes.Seal(type, h => h.PolicyStamp = null);
                if (refused is null)
                {
                    return PolicySkip(Expected, skipped!);
                }

                var first = Expect.Rejected(run, refused, await run.DeliverAsync(refused, token).ConfigureAwait(false), ReasonCode.InvalidFormat);
                if (first.Status != CaseStatus.Pass)
                {
                    return CaseVerdict.Skip(Expected, $"the first delivery was not rejected as the case needs: {first.Saw}");
                }

                var (good, _) = run.Envelopes.Seal(type, h =>
                {
                    h.Route.MessageId = refused.Route.MessageId;
                    h.Route.ConversationId = refused.Route.ConversationId;
                });
                return Expect.Accepted(run, good!, await run.DeliverAsync(good!, token).ConfigureAwait(false));
            });
    }

    /// <summary>Seals and delivers a good envelope; the envelope once a verified ACCEPTED receipt came back, else the skip saying why.</summary>
    private static async Task<(SealedEnvelope? Envelope, CaseVerdict? Skip)> AcceptedFirstAsync(CaseRun run, MessageType type, string expected, CancellationToken token)
    {
        var (envelope, skipped) = run.Envelopes.Seal(type);
        if (envelope is null)
        {
            return (null, PolicySkip(expected, skipped!));
        }

        var accepted = Expect.Accepted(run, envelope, await run.DeliverAsync(envelope, token).ConfigureAwait(false));
        return accepted.Status == CaseStatus.Pass
            ? (envelope, null)
            : (null, CaseVerdict.Skip(expected, $"the first delivery was not accepted: {accepted.Saw}"));
    }
}
