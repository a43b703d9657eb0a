using CrossBorder.Conformance.Model;
using CrossBorder.Conformance.Target;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Errors;
using Google.Rpc;
using static CrossBorder.Conformance.Cases.CaseBuilder;

namespace CrossBorder.Conformance.Cases;

/// <summary>
/// Sections 12 and 13: how refusals travel. A refusal before authentication is a gRPC error with
/// an ErrorInfo of the crossborder.v1 domain (WS-12-1), also when the check ran after decryption
/// (WS-12-3); it gives nothing away (WS-12-2); its code and status are the table's (WS-13-1).
/// These cases play late in the run and judge every refusal the run has seen, not only their own.
/// </summary>
internal static class RefusalCases
{
    /// <summary>
    /// Text that would tell an attacker about the receiver's insides: .NET, Java, Go and Python
    /// exception and stack-trace shapes, library namespaces, key material, line breaks.
    /// </summary>
    private static readonly string[] Leaks =
    [
        "Exception", "exception:", "Traceback", "panic:", "goroutine", "   at ", "\tat ", ".cs:line", ".java:", ".go:",
        "System.", "Microsoft.", "Grpc.", "Google.Protobuf", "Interop+", "OpenSSL", "BEGIN ", "PRIVATE KEY", "\n", "\r",
    ];

    /// <summary>Codes the table marks as never used on the peer face.</summary>
    private static readonly ReasonCode[] NotOnThePeerFace = [ReasonCode.Unspecified, ReasonCode.Replay, ReasonCode.NotFound, ReasonCode.Rollback, ReasonCode.AuditBroken];

    /// <summary>Codes the table lets a REJECTED receipt carry.</summary>
    private static readonly ReasonCode[] ReceiptCodes = [ReasonCode.IdConflict, ReasonCode.Stale, ReasonCode.InvalidFormat, ReasonCode.PolicyRefused];

    public static IEnumerable<ConformanceCase> All()
    {
        yield return Case("refusals.error-info",
            "every refusal the target answered in the run, and a NOT_A_RECIPIENT provoked here, holds in grpc-status-details-bin a google.rpc.Status with the same code, the message 'CODE: text' and an ErrorInfo of domain crossborder.v1",
            async (run, token) =>
            {
                const string Expected = "expected every refusal's details: same code, 'CODE: text', ErrorInfo in crossborder.v1";
                await ProvokeAsync(run, token).ConfigureAwait(false);
                var answered = run.Refusals.Where(r => r.FromTarget).ToList();
                var bad = answered.Select(ErrorInfoFault).Where(f => f is not null).Distinct().ToList();
                return bad.Count == 0
                    ? CaseVerdict.Pass(Expected, $"saw {answered.Count} refusals, each in form")
                    : CaseVerdict.Fail(Expected, $"saw {string.Join("; ", bad.Take(3))}");
            });

        yield return WithDefaultType("refusals.signing-time-in-the-future",
            "an envelope whose signing time is two hours ahead (its routing times good) is refused with STALE as a gRPC error, not a receipt, though the check runs after decryption",
            async (run, type, token) =>
            {
                var (envelope, skipped) = run.Envelopes.Seal(type, signingTime: run.Time.GetUtcNow().AddHours(2));
                return envelope is null
                    ? PolicySkip("expected STALE", skipped!)
                    : Expect.Refused(await run.DeliverAsync(envelope, token).ConfigureAwait(false), ReasonCode.Stale);
            });

        yield return Case("refusals.nothing-given-away",
            "no refusal of the run holds exception or library text, a stack trace, key material or a line break, in its message, its details or its trailers",
            async (run, token) =>
            {
                const string Expected = "expected refusals that name the check and nothing of the receiver's insides";
                await ProvokeAsync(run, token).ConfigureAwait(false);
                var answered = run.Refusals.Where(r => r.FromTarget).ToList();
                var leaks = answered.SelectMany(Texts).SelectMany(t => Leaks.Where(l => t.Text.Contains(l, StringComparison.Ordinal)).Select(l => $"'{Printable(l)}' in {t.Where}")).Distinct().ToList();
                return leaks.Count == 0
                    ? CaseVerdict.Pass(Expected, $"saw {answered.Count} refusals, none giving anything away")
                    : CaseVerdict.Fail(Expected, $"saw {string.Join("; ", leaks.Take(5))}");
            });

        yield return Case("codes.table",
            "every refusal of the run carries a code of the table by name in an ErrorInfo with the table's gRPC status, and every REJECTED receipt a code the table allows in receipts",
            (run, _) =>
            {
                const string Expected = "expected each refusal's code with its gRPC status from the table of section 13";
                var answered = run.Refusals.Where(r => r.FromTarget).ToList();
                var bad = answered.Select(r => r.Reason switch
                    {
                        null => $"status {r.Code} without a code of the table",
                        { } reason when NotOnThePeerFace.Contains(reason) => $"{reason.Name()}, which the peer face never uses",
                        { } reason when RefusalStatus.StatusOf(reason) != r.Code => $"{reason.Name()} with status {r.Code}, not {RefusalStatus.StatusOf(reason)}",
                        _ => null,
                    })
                    .Concat(run.VerifiedReceipts.Where(r => r.Outcome == ReceiptOutcome.Rejected && !ReceiptCodes.Contains(r.Reason))
                        .Select(r => $"a REJECTED receipt with reason {(int)r.Reason}, not a receipt code of the table"))
                    .Where(f => f is not null).Distinct().ToList();
                return Task.FromResult(answered.Count == 0
                    ? CaseVerdict.Skip(Expected, "the run saw no refusal")
                    : bad.Count == 0
                        ? CaseVerdict.Pass(Expected, $"saw {answered.Count} refusals and {run.VerifiedReceipts.Count(r => r.Outcome == ReceiptOutcome.Rejected)} REJECTED receipts, each by the table")
                        : CaseVerdict.Fail(Expected, $"saw {string.Join("; ", bad.Take(3))}"));
            });
    }

    /// <summary>A cheap refusal of the routing header, so that the refusal cases have one of their own.</summary>
    private static async Task ProvokeAsync(CaseRun run, CancellationToken token)
    {
        if (run.Envelopes.DefaultType is { } type)
        {
            var envelope = run.Envelopes.SealBlank(type);
            envelope.Route.Recipient = $"{run.Target!.Id.Country}/CONFORMANCE-NOBODY";
            await run.DeliverAsync(envelope, token).ConfigureAwait(false);
        }
    }

    /// <summary>What is wrong with a refusal's details (WS-12-1), or null.</summary>
    private static string? ErrorInfoFault(DeliveryAnswer.Status refusal)
    {
        if (refusal.Details is not { } details)
        {
            return $"status {refusal.Code} without grpc-status-details-bin";
        }

        var info = details.Details.Where(d => d.Is(ErrorInfo.Descriptor)).Select(d => d.Unpack<ErrorInfo>()).FirstOrDefault();
        if (info is null || info.Domain != RefusalStatus.Domain)
        {
            return $"status {refusal.Code} without an ErrorInfo of domain {RefusalStatus.Domain}";
        }

        if (details.Code != (int)refusal.Code)
        {
            return $"{info.Reason} whose details name code {details.Code}, the status {(int)refusal.Code}";
        }

        return details.Message.StartsWith($"{info.Reason}: ", StringComparison.Ordinal) && details.Message.Length > info.Reason.Length + 2 && details.Message == refusal.Message
            ? null
            : $"{info.Reason} whose message is not '{info.Reason}: text' in both the status and its details";
    }

    /// <summary>Every text a refusal carries, with where it was.</summary>
    private static IEnumerable<(string Where, string Text)> Texts(DeliveryAnswer.Status refusal)
    {
        var name = refusal.Reason?.Name() ?? refusal.Code.ToString();
        yield return ($"the message of {name}", refusal.Message);
        if (refusal.Details is { } details)
        {
            yield return ($"the details' message of {name}", details.Message);
            foreach (var info in details.Details.Where(d => d.Is(ErrorInfo.Descriptor)).Select(d => d.Unpack<ErrorInfo>()))
            {
                foreach (var (key, value) in info.Metadata)
                {
                    yield return ($"the ErrorInfo metadata of {name}", $"{key}={value}");
                }
            }
        }

        foreach (var (key, value) in refusal.Trailers.Where(t => !t.Key.EndsWith("-bin", StringComparison.Ordinal) && t.Key != "grpc-message"))
        {
            yield return ($"the trailer {key} of {name}", value);
        }
    }

    private static string Printable(string text) => text.Replace("\n", "\\n", StringComparison.Ordinal).Replace("\r", "\\r", StringComparison.Ordinal).Replace("\t", "\\t", StringComparison.Ordinal);
}
