using CrossBorder.Conformance.Envelopes;
using CrossBorder.Conformance.Model;
using CrossBorder.Conformance.Target;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Contracts;
using static CrossBorder.Conformance.Cases.CaseBuilder;
using Timestamp = Google.Protobuf.WellKnownTypes.Timestamp;

namespace CrossBorder.Conformance.Cases;

/// <summary>
/// Section 11: each message type the trust list lets the sender send to the target, delivered
/// well-formed, gets a receipt that passes the sender's check — signed by the target, about this
/// message and sender, over the SHA-256 of exactly the sealed bytes sent — and says ACCEPTED.
/// </summary>
internal static class ReceiptCases
{
    public static IEnumerable<ConformanceCase> All() => Enum.GetValues<MessageType>()
        .Where(t => t != MessageType.Unspecified)
        .Select(Delivered);

    /// <summary>WS-11-1 and WS-11-4: what a receipt is, and its reason against its outcome.</summary>
    public static IEnumerable<ConformanceCase> Form()
    {
        yield return WithDefaultType("receipts.signed-data-not-encrypted",
            "the receipt of a good envelope is a DER ContentInfo(SignedData) whose attached id-data content is one encoded Receipt, not encrypted",
            async (run, type, token) =>
            {
                const string Expected = "expected ContentInfo(SignedData) with id-data content that parses as a Receipt, passing the sender's check";
                var (envelope, skipped) = run.Envelopes.Seal(type);
                if (envelope is null)
                {
                    return PolicySkip(Expected, skipped!);
                }

                var answer = await run.DeliverAsync(envelope, token).ConfigureAwait(false);
                if (answer is not DeliveryAnswer.Receipted receipted)
                {
                    return CaseVerdict.Fail(Expected, $"saw {answer}");
                }

                var form = ReceiptForm.Describe(receipted.SignedReceipt);
                if (form is not null)
                {
                    return CaseVerdict.Fail(Expected, $"saw {form}");
                }

                var verdict = Expect.Accepted(run, envelope, answer);
                return verdict with { Expected = Expected, Saw = $"saw ContentInfo(SignedData) over an encoded Receipt; {verdict.Saw[4..]}" };
            });

        yield return WithDefaultType("receipts.reason-matches-outcome",
            "an ACCEPTED receipt carries reason 0 (UNSPECIFIED), and a REJECTED one (an expired envelope) a non-zero reason",
            async (run, type, token) =>
            {
                const string Expected = "expected ACCEPTED with reason 0 and REJECTED with a non-zero reason";
                var now = run.Time.GetUtcNow();
                var (good, skipped) = run.Envelopes.Seal(type);
                var (expired, _) = run.Envelopes.Seal(type, h =>
                {
                    h.Route.CreatedAt = Timestamp.FromDateTimeOffset(now.AddDays(-3));
                    h.Route.ExpiresAt = Timestamp.FromDateTimeOffset(now.AddMinutes(-1));
                });
                if (good is null || expired is null)
                {
                    return PolicySkip(Expected, skipped!);
                }

                var accepted = Verified(run, good, await run.DeliverAsync(good, token).ConfigureAwait(false));
                if (accepted is not { Outcome: ReceiptOutcome.Accepted })
                {
                    return CaseVerdict.Skip(Expected, "the good envelope did not get a verified ACCEPTED receipt");
                }

                // An expired envelope that is not rejected is the freshness cases' finding; here only the reasons count.
                var rejected = Verified(run, expired, await run.DeliverAsync(expired, token).ConfigureAwait(false));
                var rejectedFits = rejected is not { Outcome: ReceiptOutcome.Rejected } || rejected.Reason != ReasonCode.Unspecified;
                return CaseVerdict.Judge(
                    accepted.Reason == ReasonCode.Unspecified && rejectedFits,
                    Expected,
                    $"saw ACCEPTED with reason {(int)accepted.Reason}"
                        + (rejected is { Outcome: ReceiptOutcome.Rejected } ? $" and REJECTED with reason {(int)rejected.Reason}" : "; the expired envelope got no verified REJECTED receipt"));
            });
    }

    private static Receipt? Verified(CaseRun run, SealedEnvelope sent, DeliveryAnswer answer) =>
        answer is DeliveryAnswer.Receipted receipted && run.VerifyReceipt(receipted.SignedReceipt, sent.Route.MessageId, sent.Sealed.Span) is { IsAccepted: true } verified
            ? verified.Value
            : null;

    private static ConformanceCase Delivered(MessageType type)
    {
        var name = ProtoEnumNames<MessageType>.Name(type);
        var expectation = $"a well-formed {name} gets a signed ACCEPTED receipt over exactly the bytes sent";
        return Case($"receipts.{name.ToLowerInvariant().Replace('_', '-')}", expectation, async (run, token) =>
        {
            if (!run.Envelopes.AllowedTypes.Contains(type))
            {
                return CaseVerdict.Skip(expectation, $"the trust list does not let {run.Credentials.Participant} send {name} to {run.Target!.Id}");
            }

            var (envelope, skipped) = run.Envelopes.Seal(type);
            return envelope is null
                ? PolicySkip(expectation, skipped!)
                : Expect.Accepted(run, envelope, await run.DeliverAsync(envelope, token).ConfigureAwait(false));
        });
    }
}
