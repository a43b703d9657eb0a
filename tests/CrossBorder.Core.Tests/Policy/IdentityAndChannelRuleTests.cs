using CrossBorder.Contracts.V1;
using CrossBorder.Core.Policy;
using static CrossBorder.Core.Tests.Policy.PolicyKit;

namespace CrossBorder.Core.Tests.Policy;

/// <summary>MISSION rules 1, 2, 10, 11 and 13 in the default policy, on the example payloads.</summary>
public class IdentityAndChannelRuleTests
{
    private static PolicyContext ToConsular(MessageType type = MessageType.IdentityConfirmationRequest) =>
        Context(type, "AL/CONSULAR", Purpose.IdentityVerification);

    [Fact]
    public void Rule1_identity_request_to_consular_leaves_with_identity_evidence_only()
    {
        var outcome = Allowed(Default.Evaluate(Example("identity-confirmation-request"), ToConsular(), Keys));

        Assert.Equal(
            [
                "identity_confirmation_request.data_subject_category REMOVED R1-identity-evidence-only POLICY_IDENTITY_EVIDENCE_ONLY",
                "identity_confirmation_request.fingerprints REMOVED R13-fingerprints-only-without-photo POLICY_BIOMETRIC_PHOTO_PREFERRED",
                "identity_confirmation_request.remarks REMOVED R1-identity-evidence-only POLICY_IDENTITY_EVIDENCE_ONLY",
            ],
            Lines(outcome));
        var expected = Example("identity-confirmation-request");
        expected.IdentityConfirmationRequest.DataSubjectCategory = DataSubjectCategory.Unspecified;
        expected.IdentityConfirmationRequest.Remarks = "";
        expected.IdentityConfirmationRequest.Fingerprints = Google.Protobuf.ByteString.Empty;
        Assert.Equal(expected, outcome.Payload); // every identity particular, the evidence and the photo stay as they were
        Assert.All(outcome.Decisions.Where(d => d.Action == DecisionActions.Removed), d => Assert.Equal(ReasonCode.PolicyRefused, d.Reason));
    }

    [Fact]
    public void Rule1_the_input_payload_is_not_changed()
    {
        var payload = Example("identity-confirmation-request");
        Default.Evaluate(payload, ToConsular(), Keys);
        Assert.Equal(Example("identity-confirmation-request"), payload);
    }

    [Fact]
    public void Rule2_identity_request_with_international_protection_flag_is_refused()
    {
        var payload = Example("identity-confirmation-request");
        payload.IdentityConfirmationRequest.InternationalProtection = true;

        var refused = Refused(Default.Evaluate(payload, ToConsular(), Keys));

        Assert.Equal("R2-no-identity-request-under-protection", refused.RuleId);
        Assert.Equal("POLICY_PROTECTION_FLAG", refused.DetailCode);
        Assert.Equal(
            [
                " REFUSED R2-no-identity-request-under-protection POLICY_PROTECTION_FLAG",
                "identity_confirmation_request.international_protection REFUSED R2-no-identity-request-under-protection POLICY_PROTECTION_FLAG",
            ],
            Lines(refused));
        var line = refused.ToException().ToRejectionLine();
        Assert.Equal("rejected: POLICY_REFUSED: rule R2-no-identity-request-under-protection refuses the message (POLICY_PROTECTION_FLAG)", line);
        Assert.DoesNotContain("SHEMBULLI", line, StringComparison.Ordinal);
    }

    [Fact]
    public void Rule10_police_data_toward_a_non_police_participant_is_refused()
    {
        var refused = Refused(Default.Evaluate(
            Example("law-enforcement-information"),
            Context(MessageType.LawEnforcementInformation, "AL/NCP", Purpose.CriminalInvestigation, from: "IT/POLICE"),
            Keys));

        Assert.Equal("R10-police-data-only-to-police", refused.RuleId);
        Assert.Equal("POLICY_CHANNEL_SEPARATION", refused.DetailCode);
    }

    [Fact]
    public void Rule10_victim_assistance_messages_never_go_to_or_come_from_police()
    {
        var toPolice = Refused(Default.Evaluate(
            Example("return-plan"), Context(MessageType.ReturnPlan, "AL/POLICE", Purpose.ReturnCoordination), Keys));
        var fromPolice = Refused(Default.Evaluate(
            Example("case-referral"), Context(MessageType.CaseReferral, "AL/NCP", Purpose.TransnationalReferral, from: "IT/POLICE"), Keys));

        Assert.Equal(("R10-victim-data-never-to-police", "POLICY_CHANNEL_SEPARATION"), (toPolice.RuleId, toPolice.DetailCode));
        Assert.Equal(("R10-victim-data-never-from-police", "POLICY_CHANNEL_SEPARATION"), (fromPolice.RuleId, fromPolice.DetailCode));
    }

    [Fact]
    public void Rule10_and_11_police_information_between_police_keeps_codes_and_persons()
    {
        var outcome = Allowed(Default.Evaluate(
            Example("law-enforcement-information"),
            Context(MessageType.LawEnforcementInformation, "AL/POLICE", Purpose.CriminalInvestigation, from: "IT/POLICE"),
            Keys));

        Assert.Empty(outcome.Decisions);
        Assert.Equal(Example("law-enforcement-information"), outcome.Payload);
    }

    [Fact]
    public void Rule11_police_information_without_handling_and_evaluation_codes_is_refused()
    {
        var payload = Example("law-enforcement-information");
        payload.LawEnforcementInformation.HandlingCode = HandlingCode.Unspecified;
        payload.LawEnforcementInformation.InformationEvaluation = InformationEvaluation.Unspecified;

        var refused = Refused(Default.Evaluate(
            payload, Context(MessageType.LawEnforcementInformation, "AL/POLICE", Purpose.CriminalInvestigation, from: "IT/POLICE"), Keys));

        Assert.Equal(("R11-police-information", "POLICY_HANDLING_CODES_MISSING"), (refused.RuleId, refused.DetailCode));
        Assert.Equal(
            [
                " REFUSED R11-police-information POLICY_HANDLING_CODES_MISSING",
                "law_enforcement_information.handling_code REQUIRED_MISSING R11-police-information POLICY_HANDLING_CODES_MISSING",
                "law_enforcement_information.information_evaluation REQUIRED_MISSING R11-police-information POLICY_HANDLING_CODES_MISSING",
            ],
            Lines(refused));
    }

    [Fact]
    public void Rule11_handling_code_H3_needs_its_conditions()
    {
        var payload = Example("law-enforcement-information");
        payload.LawEnforcementInformation.HandlingCode = HandlingCode.H3;

        var refused = Refused(Default.Evaluate(
            payload, Context(MessageType.LawEnforcementInformation, "AL/POLICE", Purpose.CriminalInvestigation, from: "IT/POLICE"), Keys));

        Assert.Equal("POLICY_HANDLING_CONDITIONS_MISSING", refused.DetailCode);
    }

    [Fact]
    public void Rule11_victim_data_without_onward_transfer_condition_gets_originator_permission_required()
    {
        var payload = Example("identity-confirmation-request");
        payload.IdentityConfirmationRequest.OnwardTransfer = OnwardTransfer.Unspecified;

        var outcome = Allowed(Default.Evaluate(payload, ToConsular(), Keys));

        Assert.Equal(OnwardTransfer.OriginatorPermissionRequired, outcome.Payload.IdentityConfirmationRequest.OnwardTransfer);
        Assert.Contains("identity_confirmation_request.onward_transfer DEFAULTED R11-victim-data-no-onward-transfer POLICY_DEFAULTED", Lines(outcome));
    }

    [Fact]
    public void Rule13_fingerprints_go_only_when_there_is_no_photo()
    {
        var payload = Example("identity-confirmation-request");
        payload.IdentityConfirmationRequest.Photo = Google.Protobuf.ByteString.Empty;

        var outcome = Allowed(Default.Evaluate(payload, ToConsular(), Keys));

        Assert.False(outcome.Payload.IdentityConfirmationRequest.Fingerprints.IsEmpty);
        Assert.DoesNotContain(outcome.Decisions, d => d.FieldPath.EndsWith("fingerprints", StringComparison.Ordinal));
    }

    [Fact]
    public void Rule13_no_biometrics_to_a_consular_service_without_an_agreement()
    {
        var outcome = Allowed(Default.Evaluate(
            Example("identity-confirmation-request"),
            Context(MessageType.IdentityConfirmationRequest, "GR/CONSULAR", Purpose.IdentityVerification, toRoles: [ParticipantRole.Consular]),
            Keys));

        Assert.True(outcome.Payload.IdentityConfirmationRequest.Photo.IsEmpty);
        Assert.True(outcome.Payload.IdentityConfirmationRequest.Fingerprints.IsEmpty);
        Assert.Contains("identity_confirmation_request.photo REMOVED default-deny POLICY_FIELD_NOT_ALLOWED", Lines(outcome));
    }

    [Fact]
    public void Identity_request_to_a_participant_that_is_not_a_consular_service_is_refused_for_lack_of_a_rule()
    {
        var refused = Refused(Default.Evaluate(
            Example("identity-confirmation-request"), Context(MessageType.IdentityConfirmationRequest, "AL/NCP", Purpose.IdentityVerification), Keys));

        Assert.Equal((PolicyDetailCodes.DefaultDenyRule, PolicyDetailCodes.NoRule), (refused.RuleId, refused.DetailCode));
    }
}
