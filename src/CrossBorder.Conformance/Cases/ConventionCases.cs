using CrossBorder.Conformance.Model;
using CrossBorder.Contracts.V1;

namespace CrossBorder.Conformance.Cases;

/// <summary>
/// Section 1 (WS-1-1): participant ids are compared byte for byte, without case folding. The
/// routing header names the right participants but in lower case, so a receiver that folds case
/// would take them for the target and the TLS peer.
/// </summary>
internal static class ConventionCases
{
    public static IEnumerable<ConformanceCase> All()
    {
        yield return RoutingCases.Refusal("conventions.recipient-in-lower-case",
            "an envelope whose routing recipient is the target's id in lower case is refused with NOT_A_RECIPIENT",
            ReasonCode.NotARecipient,
            (run, envelope) => envelope.Route.Recipient = run.Target!.Id.ToString().ToLowerInvariant());

        yield return RoutingCases.Refusal("conventions.sender-in-lower-case",
            "an envelope whose routing sender is the TLS peer's id in lower case is refused with SIGNER_MISMATCH",
            ReasonCode.SignerMismatch,
            (run, envelope) => envelope.Route.Sender = run.Credentials.Participant.ToString().ToLowerInvariant());
    }
}
