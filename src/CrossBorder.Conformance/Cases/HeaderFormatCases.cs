using CrossBorder.Conformance.Model;
using CrossBorder.Contracts.V1;
using static CrossBorder.Conformance.Cases.CaseBuilder;

namespace CrossBorder.Conformance.Cases;

/// <summary>
/// Section 7.4 (WS-7-7): the signed inner header's own fields carry only what they declare. The
/// sender signs free text into one of them, so only the receiver's format check can refuse it: a
/// signed REJECTED receipt with INVALID_FORMAT, and nothing offered to the recipient's application.
/// </summary>
internal static class HeaderFormatCases
{
    public static IEnumerable<ConformanceCase> All()
    {
        yield return Invalid("content.header-legal-basis-free-text", "a legal basis with a line break and a person's name and birth date",
            h => h.LegalBasis = h.LegalBasis + "\nJane Example, born 2009-03-14");
        yield return Invalid("content.header-reply-id-free-text", "an in_reply_to that is text, not a message id",
            h => h.InReplyTo = "Jane Example 2009-03-14");
        yield return Invalid("content.header-no-policy-stamp", "an inner header without a policy stamp",
            h => h.PolicyStamp = null);
    }

    private static ConformanceCase Invalid(string id, string what, Action<InnerHeader> adjust)
    {
        var expectation = $"an envelope whose signed header has {what} is answered with a signed REJECTED receipt with INVALID_FORMAT";
        return WithDefaultType(id, expectation, async (run, type, token) =>
        {
            var (envelope, skipped) = run.Envelopes.Seal(type, adjust);
            return envelope is null
                ? PolicySkip(expectation, skipped!)
                : Expect.Rejected(run, envelope, await run.DeliverAsync(envelope, token).ConfigureAwait(false), ReasonCode.InvalidFormat);
        });
    }
}
