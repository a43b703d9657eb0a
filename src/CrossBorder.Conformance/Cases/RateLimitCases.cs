using CrossBorder.Conformance.Model;
using CrossBorder.Conformance.Target;
using CrossBorder.Contracts.V1;
using Google.Protobuf;
using static CrossBorder.Conformance.Cases.CaseBuilder;

namespace CrossBorder.Conformance.Cases;

/// <summary>
/// Section 12.4: a receiver may limit a peer's Deliver calls in flight (WS-12-8) and the refusals
/// it gives a peer per window (WS-12-9); beyond either, a call is RATE_LIMITED before its message
/// is read. A receiver need not limit at all, so both cases play up to a bound and skip, saying
/// so, when the target's limit (if any) lies beyond it. The refusal budget case is the last of
/// the run: it leaves the sender locked out until the target's window ends.
/// </summary>
internal static class RateLimitCases
{
    /// <summary>Calls held in flight at most: three times the spec's default limit of 16.</summary>
    private const int HeldBound = 48;

    /// <summary>Refused calls played at most: three times the spec's default budget of 100.</summary>
    private const int RefusalBound = 300;

    /// <summary>How long a call is given to be refused at once before the next is opened.</summary>
    private static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(40);

    public static IEnumerable<ConformanceCase> Concurrency()
    {
        yield return WithDefaultType("refusals.concurrent-deliveries",
            $"with Deliver calls held in flight (headers sent, message held back), a call beyond the target's limit is refused at once with RATE_LIMITED (up to {HeldBound} calls; skipped if the target's limit is higher)",
            async (run, type, token) =>
            {
                const string Expected = "expected a call beyond the limit refused with RATE_LIMITED";
                using var http = run.Http();
                var held = new List<(HeldBody Body, Task<HttpResponseMessage> Response)>();
                try
                {
                    for (var i = 0; i < HeldBound; i++)
                    {
                        var (envelope, skipped) = run.Envelopes.Seal(type);
                        if (envelope is null)
                        {
                            return PolicySkip(Expected, skipped!);
                        }

                        var body = new HeldBody(new DeliverRequest { Envelope = envelope.ToByteString() }.ToByteArray());
                        held.Add((body, http.SendAsync(GrpcFrames.Request("Deliver", GrpcFrames.Typed(body)), HttpCompletionOption.ResponseHeadersRead, token)));
                        await Task.WhenAny(held[^1].Response, Task.Delay(Settle, run.Time, token)).ConfigureAwait(false);
                        if (held.FirstOrDefault(h => h.Response.IsCompleted) is { Response: { } early })
                        {
                            var refusal = early.IsCompletedSuccessfully ? GrpcFrames.Refusal(early.Result) : null;
                            if (refusal is not null)
                            {
                                run.Record(refusal);
                            }

                            var saw = refusal?.ToString() ?? (early.IsCompletedSuccessfully ? $"HTTP {(int)early.Result.StatusCode} without a refusal" : "the call failed");
                            return CaseVerdict.Judge(refusal is { Reason: ReasonCode.RateLimited }, Expected, $"saw call {i + 1}, with {held.Count - 1} held, answered at once: {saw}");
                        }
                    }

                    return CaseVerdict.Skip(Expected, $"the target held {HeldBound} Deliver calls of one peer in flight without refusing one; its limit, if it has one, is above this case's bound");
                }
                finally
                {
                    await ReleaseAsync(run, held).ConfigureAwait(false);
                }
            });
    }

    public static IEnumerable<ConformanceCase> Budget()
    {
        yield return Case("refusals.refusal-budget",
            $"once the sender's refused calls spend the target's refusal budget, its Deliver calls, a well-formed one included, are refused with RATE_LIMITED (played last; at most {RefusalBound} refused calls, skipped if the budget is larger)",
            async (run, token) =>
            {
                const string Expected = "expected RATE_LIMITED once the budget is spent, for any Deliver call";
                for (var i = 0; i < RefusalBound; i++)
                {
                    var answer = await run.DeliverAsync(RoutingCases.NotProtobuf, token).ConfigureAwait(false);
                    if (answer is DeliveryAnswer.Status { Reason: ReasonCode.RateLimited })
                    {
                        var after = await run.DeliverAsync(run.Envelopes.SealBlank(run.Envelopes.DefaultType ?? MessageType.AggregateStatistics), token).ConfigureAwait(false);
                        return CaseVerdict.Judge(
                            after is DeliveryAnswer.Status { Reason: ReasonCode.RateLimited },
                            Expected,
                            $"saw RATE_LIMITED after {i} refusals of this case, then for a well-formed envelope: {after}");
                    }

                    if (answer is not DeliveryAnswer.Status { Reason: ReasonCode.Malformed })
                    {
                        return CaseVerdict.Fail(Expected, $"saw bytes that are not an envelope answered with {answer} after {i} refusals");
                    }
                }

                return CaseVerdict.Skip(Expected, $"{RefusalBound} refusals did not spend the target's refusal budget; its budget, if it has one, is larger than this case plays");
            });
    }

    /// <summary>Lets every held call finish (a good envelope each) and records the refusals among them.</summary>
    private static async Task ReleaseAsync(CaseRun run, List<(HeldBody Body, Task<HttpResponseMessage> Response)> held)
    {
        foreach (var (body, _) in held)
        {
            body.Release();
        }

        foreach (var (body, response) in held)
        {
            try
            {
                using var answer = await response.ConfigureAwait(false);
                await answer.Content.LoadIntoBufferAsync().ConfigureAwait(false);
                if (GrpcFrames.Refusal(answer) is { } refusal)
                {
                    run.Record(refusal);
                }
            }
            catch (Exception ex) when (ex is HttpRequestException or OperationCanceledException or IOException)
            {
                // A call the target cut off after the verdict: what it means is the verdict's, not this clean-up's.
            }
            finally
            {
                body.Dispose();
            }
        }
    }
}
