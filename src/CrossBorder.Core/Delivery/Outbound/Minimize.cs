using System.Diagnostics;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Policy;
using CrossBorder.Core.Telemetry;
using CrossBorder.Core.Trust;

namespace CrossBorder.Core.Delivery.Outbound;

/// <summary>
/// Applies the minimization policy in force to a submission, with both parties' roles from the
/// trust list the route was judged by: what may leave, pseudonymized and transformed as the rules
/// say, or a refusal with the decisions that explain it. Every decision is counted.
/// </summary>
public sealed class Minimize(ParticipantId self, PolicyInForce policy, IPseudonymKeySource pseudonymKeys, GatewayMetrics metrics)
{
    /// <summary>The policy's outcome: <see cref="PolicyAllowed"/> or <see cref="PolicyRefused"/> (its <see cref="PolicyRefused.ToRefusal"/> has the reason code).</summary>
    public PolicyOutcome Apply(SubmitRequest request, SubmitTarget target, TrustListSnapshot trust, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(request);
        ArgumentNullException.ThrowIfNull(target);
        ArgumentNullException.ThrowIfNull(trust);
        var context = new PolicyContext(target.Type, self, trust.Find(self)!.Roles, target.Recipient, trust.Find(target.Recipient)!.Roles, request.Purpose, now);
        PolicyOutcome outcome;
        using (ExchangeTelemetry.Start("minimize", ActivityKind.Internal))
        {
            outcome = policy.Current.Evaluate(request.Payload, context, pseudonymKeys);
        }

        foreach (var decision in outcome.Decisions)
        {
            metrics.PolicyDecision(decision.Action, decision.RuleId);
        }

        return outcome;
    }
}
