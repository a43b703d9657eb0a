using CrossBorder.Core.Envelopes;
using CrossBorder.Core.Policy;
using CrossBorder.Core.Trust;

namespace CrossBorder.Core.Delivery.Inbound;

/// <summary>
/// Checks the form of the opened message's inner header (<see cref="InnerHeaderFormat"/>), then
/// applies the inbound rules of the policy in force, with both parties' roles from the trust list
/// the route was judged by. A refusal is INVALID_FORMAT or POLICY_REFUSED in a signed REJECTED receipt.
/// </summary>
public sealed class InboundPolicyCheck(ParticipantId self, PolicyInForce policy)
{
    /// <summary>Null when no inbound rule refuses the message.</summary>
    public Refusal? Check(TrustListSnapshot trust, OpenedEnvelope opened, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(trust);
        ArgumentNullException.ThrowIfNull(opened);
        if (InnerHeaderFormat.Check(opened.Header) is { } malformed)
        {
            return malformed;
        }

        var context = new PolicyContext(
            opened.Route.MessageType, opened.Sender, trust.Find(opened.Sender)!.Roles, self, trust.Find(self)!.Roles, opened.Header.Purpose, now);
        var verdict = policy.Current.EvaluateInbound(opened.Payload, context);
        return verdict.Accepted ? null : verdict.ToRefusal();
    }
}
