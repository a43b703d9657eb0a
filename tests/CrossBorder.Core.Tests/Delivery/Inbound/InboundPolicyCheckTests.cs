using CrossBorder.Contracts.V1;
using CrossBorder.Core.Delivery.Inbound;
using CrossBorder.Core.Envelopes;
using CrossBorder.Core.Policy;
using CrossBorder.Core.Tests.EnvelopeBinding;
using CrossBorder.Core.Trust;
using Microsoft.Extensions.Time.Testing;
using static CrossBorder.Core.Tests.Policy.PolicyKit;

namespace CrossBorder.Core.Tests.Delivery.Inbound;

/// <summary>
/// The inbound rules of the policy in force judge an opened message with both parties' roles from
/// the trust list the route was judged by; a refusal carries POLICY_REFUSED.
/// </summary>
public sealed class InboundPolicyCheckTests(BindingPki pki) : IClassFixture<BindingPki>
{
    private readonly FakeTimeProvider _time = new(TimeProvider.System.GetUtcNow());

    [Fact]
    public void A_return_plan_the_default_policy_lets_through_is_accepted()
    {
        var payload = Example("return-plan");
        payload.ReturnPlan.ReceptionShelterAddress = "";
        payload.ReturnPlan.Health.Diagnosis = "";

        Assert.Null(Check("AL/NCP", "IT/NCP", MessageType.ReturnPlan, Purpose.ReturnCoordination, payload));
    }

    [Fact]
    public void A_return_plan_with_a_shelter_address_is_refused_policy_refused()
    {
        var refusal = Check("AL/NCP", "IT/NCP", MessageType.ReturnPlan, Purpose.ReturnCoordination, Example("return-plan"));

        Assert.Equal(ReasonCode.PolicyRefused, refusal?.Reason);
        Assert.Contains("POLICY_SHELTER_ADDRESS", refusal!.Detail, StringComparison.Ordinal);
    }

    [Fact]
    public void A_police_participant_refuses_a_victim_assistance_message_policy_refused()
    {
        var refusal = Check("AL/POLICE", "IT/POLICE", MessageType.CaseReferral, Purpose.TransnationalReferral, Example("case-referral"));

        Assert.Equal(ReasonCode.PolicyRefused, refusal?.Reason);
        Assert.Contains("POLICY_CHANNEL_SEPARATION", refusal!.Detail, StringComparison.Ordinal);
    }

    private Core.Delivery.Refusal? Check(string self, string sender, MessageType type, Purpose purpose, CasePayload payload)
    {
        var now = _time.GetUtcNow();
        var header = DeliveryParties.Header(sender, self, now);
        header.Route.MessageType = type;
        header.Purpose = purpose;
        var opened = new OpenedEnvelope(header.Route, header, payload, ParticipantId.Parse(sender), pki["IT/NCP"].Signing.Certificate, now);
        var trust = DeliveryTrust.Manager(_time).RequireUsable();
        return new InboundPolicyCheck(ParticipantId.Parse(self), new PolicyInForce(Default)).Check(trust, opened, now);
    }
}
