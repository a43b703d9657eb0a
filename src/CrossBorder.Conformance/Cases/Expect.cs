using CrossBorder.Conformance.Model;
using CrossBorder.Conformance.Target;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Errors;

namespace CrossBorder.Conformance.Cases;

/// <summary>
/// Judges an answer the way a sending gateway reads it: a receipt means something only after the
/// sender's check (signature, signer = the target, message, sender, digest of exactly the bytes
/// sent); a refusal before authentication is a gRPC status whose ErrorInfo names the reason.
/// </summary>
internal static class Expect
{
    /// <summary>A verified ACCEPTED receipt about exactly <paramref name="sent"/>.</summary>
    public static CaseVerdict Accepted(CaseRun run, SealedEnvelope sent, DeliveryAnswer answer)
    {
        const string Expected = "expected a signed ACCEPTED receipt over the bytes sent";
        return Receipt(run, sent, answer, Expected, r => r.Outcome == ReceiptOutcome.Accepted);
    }

    /// <summary>A verified REJECTED receipt with <paramref name="reason"/>: a refusal after authentication.</summary>
    public static CaseVerdict Rejected(CaseRun run, SealedEnvelope sent, DeliveryAnswer answer, ReasonCode reason)
    {
        var expected = $"expected a signed REJECTED receipt with {reason.Name()}";
        return Receipt(run, sent, answer, expected, r => r.Outcome == ReceiptOutcome.Rejected && r.Reason == reason);
    }

    /// <summary>A gRPC status whose ErrorInfo names <paramref name="reason"/>: a refusal before authentication, no receipt.</summary>
    public static CaseVerdict Refused(DeliveryAnswer answer, ReasonCode reason)
    {
        var expected = $"expected a refusal with {reason.Name()} before authentication";
        return answer is DeliveryAnswer.Status { Reason: { } seen } && seen == reason
            ? CaseVerdict.Pass(expected, $"saw {answer}")
            : CaseVerdict.Fail(expected, $"saw {Describe(answer)}");
    }

    /// <summary>The receipt, as the sender's check reads it, for the report.</summary>
    public static string Describe(CaseRun run, SealedEnvelope sent, DeliveryAnswer answer)
    {
        ArgumentNullException.ThrowIfNull(run);
        ArgumentNullException.ThrowIfNull(sent);
        if (answer is not DeliveryAnswer.Receipted receipted)
        {
            return answer.ToString() ?? "";
        }

        var verified = run.VerifyReceipt(receipted.SignedReceipt, sent.Route.MessageId, sent.Sealed.Span);
        return verified.IsAccepted
            ? $"a {ProtoNames(verified.Value)} receipt"
            : $"a receipt that fails the sender's check: {verified.Refusal!.Reason.Name()} ({verified.Refusal.Detail})";
    }

    private static CaseVerdict Receipt(CaseRun run, SealedEnvelope sent, DeliveryAnswer answer, string expected, Func<Receipt, bool> wanted)
    {
        if (answer is not DeliveryAnswer.Receipted receipted)
        {
            return CaseVerdict.Fail(expected, $"saw {answer}");
        }

        var verified = run.VerifyReceipt(receipted.SignedReceipt, sent.Route.MessageId, sent.Sealed.Span);
        if (!verified.IsAccepted)
        {
            return CaseVerdict.Fail(expected, $"saw a receipt that fails the sender's check: {verified.Refusal!.Reason.Name()} ({verified.Refusal.Detail})");
        }

        return CaseVerdict.Judge(wanted(verified.Value), expected, $"saw a verified {ProtoNames(verified.Value)} receipt");
    }

    private static string Describe(DeliveryAnswer answer) => answer.ToString() ?? "";

    private static string ProtoNames(Receipt receipt) => receipt.Outcome == ReceiptOutcome.Accepted
        ? "ACCEPTED"
        : $"{receipt.Outcome switch { ReceiptOutcome.Rejected => "REJECTED", _ => "UNSPECIFIED" }} {receipt.Reason.Name()}";
}
