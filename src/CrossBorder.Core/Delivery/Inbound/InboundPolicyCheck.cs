using CrossBorder.Core.Envelopes;
using CrossBorder.Core.Policy;
using CrossBorder.Core.Trust;

namespace CrossBorder.Core.Delivery.Inbound;

/// <summary>
/// Applies the inbound rules of the policy in force to an opened message, with both parties'
/// roles from the trust list the route was judged by. A refusal is POLICY_REFUSED or
/// INVALID_FORMAT in a signed REJECTED receipt.
/// </summary>
public sealed class InboundPolicyCheck(ParticipantId self, PolicyInForce policy)
{
    /// <summary>Null when no inbound rule refuses the message.</summary>
    public Refusal? Check(TrustListSnapshot trust, OpenedEnvelope opened, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(trust);
        ArgumentNullException.ThrowIfNull(opened);
        var context = new PolicyContext(
            opened.Route.MessageType, opened.Sender, trust.Find(opened.Sender)!.Roles, self, trust.Find(self)!.Roles, opened.Header.Purpose, now);
        var verdict = policy.Current.EvaluateInbound(opened.Payload, context);
        return verdict.Accepted ? null : verdict.ToRefusal();
    }
}
