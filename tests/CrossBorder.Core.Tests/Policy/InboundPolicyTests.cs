using CrossBorder.Contracts.V1;
using CrossBorder.Core.Policy;
using static CrossBorder.Core.Tests.Policy.PolicyKit;

namespace CrossBorder.Core.Tests.Policy;

/// <summary>Inbound rules of the default policy on opened payloads.</summary>
public class InboundPolicyTests
{
    private static PolicyContext AtConsular() => Context(MessageType.IdentityConfirmationRequest, "AL/CONSULAR", Purpose.IdentityVerification);

    [Fact]
    public void Consular_service_refuses_an_identity_request_that_carries_victim_status()
    {
        var verdict = Default.EvaluateInbound(Example("identity-confirmation-request"), AtConsular());

        Assert.Equal(
            new InboundVerdict(false, "IN1-consular-accepts-identity-evidence-only", "POLICY_INBOUND_OVER_SHARING", "identity_confirmation_request.data_subject_category"),
            verdict);
        Assert.Equal(
            "rejected: POLICY_REFUSED: inbound rule IN1-consular-accepts-identity-evidence-only refuses the message (POLICY_INBOUND_OVER_SHARING at identity_confirmation_request.data_subject_category)",
            verdict.ToException().ToRejectionLine());
    }

    [Fact]
    public void Consular_service_accepts_what_the_default_outbound_policy_lets_through()
    {
        var minimized = Allowed(Default.Evaluate(Example("identity-confirmation-request"), AtConsular(), Keys)).Payload;

        Assert.Equal(InboundVerdict.Accept, Default.EvaluateInbound(minimized, AtConsular()));
    }

    [Fact]
    public void A_return_plan_with_a_shelter_address_is_refused_on_receipt()
    {
        var verdict = Default.EvaluateInbound(Example("return-plan"), Context(MessageType.ReturnPlan, "AL/NCP", Purpose.ReturnCoordination));

        Assert.Equal(("IN7-no-shelter-address-diagnosis-or-exploitation-in-return-plans", "POLICY_SHELTER_ADDRESS", "return_plan.reception_shelter_address"),
            (verdict.RuleId, verdict.DetailCode, verdict.FieldPath));
    }

    [Fact]
    public void A_field_refused_below_the_top_level_is_named_by_its_full_path_on_every_evaluation()
    {
        var payload = Example("return-plan");
        payload.ReturnPlan.ReceptionShelterAddress = "";
        payload.ReturnPlan.Health.Diagnosis = "a diagnosis that must never travel";
        var context = Context(MessageType.ReturnPlan, "AL/NCP", Purpose.ReturnCoordination);

        var first = Default.EvaluateInbound(payload, context);
        var second = Default.EvaluateInbound(payload, context);
        payload.ReturnPlan.Health.Diagnosis = "";
        var cleared = Default.EvaluateInbound(payload, context);

        var expected = ("IN7-no-shelter-address-diagnosis-or-exploitation-in-return-plans", "POLICY_DIAGNOSIS_NEVER_SENT", "return_plan.health.diagnosis");
        Assert.Equal(expected, (first.RuleId, first.DetailCode, first.FieldPath));
        Assert.Equal(expected, (second.RuleId, second.DetailCode, second.FieldPath));
        Assert.Equal(InboundVerdict.Accept, cleared);
    }

    [Fact]
    public void A_police_participant_refuses_victim_assistance_messages()
    {
        var verdict = Default.EvaluateInbound(Example("case-referral"), Context(MessageType.CaseReferral, "AL/POLICE", Purpose.TransnationalReferral));

        Assert.Equal(("IN10-police-receive-no-victim-assistance", "POLICY_CHANNEL_SEPARATION"), (verdict.RuleId, verdict.DetailCode));
    }
}
