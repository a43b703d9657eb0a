using CrossBorder.Contracts.V1;
using CrossBorder.Core.Policy;
using static CrossBorder.Core.Tests.Policy.PayloadText;
using static CrossBorder.Core.Tests.Policy.PolicyKit;

namespace CrossBorder.Core.Tests.Policy;

/// <summary>
/// Rule 2 against hand-written payloads: ICAO's refugee codes XXB and XXC count as the
/// international-protection flag; and an explicit refusal wins over the default-deny POLICY_NO_RULE.
/// </summary>
public class ProtectionFlagTests
{
    private const string R2 = "R2-no-identity-request-under-protection";

    private static CasePayload IdentityRequest(string nationalities = "[\"ALB\"]", string countryOfBirth = "ALB", string issuingState = "ALB", string flag = "false") => Json($$$"""
        {"identityConfirmationRequest": {
          "person": {"familyName": "SHEMBULLI", "givenNames": "DRITA", "dateOfBirth": "2004-05",
                     "countryOfBirth": "{{{countryOfBirth}}}", "nationalities": {{{nationalities}}}},
          "languages": ["sq"],
          "evidence": [{"documentType": "TRAVEL_DOCUMENT_TYPE_PASSPORT", "documentNumber": "ZZ0000017", "issuingState": "{{{issuingState}}}"}],
          "internationalProtection": {{{flag}}},
          "answerNeededBy": "2026-12-15"
        }}
        """);

    private static CasePayload ReturnPlan(string nationality, string consentRecipient = "AL/NCP") => Json($$$"""
        {"returnPlan": {
          "subjectPseudonym": "a1b2c3d4e5f60718",
          "traveller": {"familyName": "SHEMBULLI", "givenNames": "DRITA", "dateOfBirth": "1990-01-01", "nationalities": ["{{{nationality}}}"]},
          "travelDocument": {"documentType": "TRAVEL_DOCUMENT_TYPE_EMERGENCY_TRAVEL_DOCUMENT", "documentNumber": "ETD0000042", "issuingState": "ALB"},
          "destinationMunicipality": "AL-11",
          "consent": {"purposes": ["PURPOSE_RETURN_COORDINATION"], "recipients": ["{{{consentRecipient}}}"],
                      "givenAt": "2026-10-01T09:00:00Z", "givenBy": "CONSENT_GIVER_DATA_SUBJECT"}
        }}
        """);

    [Theory]
    [InlineData("[\"ALB\", \"XXB\"]", "ALB", "ALB", "person.nationalities")]
    [InlineData("[\"XXC\"]", "ALB", "ALB", "person.nationalities")]
    [InlineData("[\"ALB\"]", "XXB", "ALB", "person.country_of_birth")]
    [InlineData("[\"ALB\"]", "ALB", "XXC", "evidence.issuing_state")]
    public void Rule2_a_refugee_code_as_nationality_birth_country_or_document_issuer_refuses_an_identity_request(
        string nationalities, string countryOfBirth, string issuingState, string blamed)
    {
        var payload = IdentityRequest(nationalities, countryOfBirth, issuingState);

        var refused = Refused(Default.Evaluate(payload, Context(MessageType.IdentityConfirmationRequest, "AL/CONSULAR", Purpose.IdentityVerification), Keys));

        Assert.Equal((R2, "POLICY_PROTECTION_FLAG"), (refused.RuleId, refused.DetailCode));
        Assert.Equal(
            [$" REFUSED {R2} POLICY_PROTECTION_FLAG", $"identity_confirmation_request.{blamed} REFUSED {R2} POLICY_PROTECTION_FLAG"],
            Lines(refused)); // only the field that raised the flag is named, never its value
        AssertNoValueIn(refused, payload);
    }

    [Fact]
    public void Rule2_a_refugee_nationality_in_hand_encoded_binary_is_refused()
    {
        // CasePayload { identity_confirmation_request (2) { person (1) { family_name (1): "SHEMBULLI", nationalities (8): "XXB" } } }
        var payload = Binary([
            0x12, 0x12, 0x0A, 0x10,
            0x0A, 0x09, .. "SHEMBULLI"u8,
            0x42, 0x03, .. "XXB"u8,
        ]);

        var refused = Refused(Default.Evaluate(payload, Context(MessageType.IdentityConfirmationRequest, "AL/CONSULAR", Purpose.IdentityVerification), Keys));

        Assert.Equal((R2, "POLICY_PROTECTION_FLAG"), (refused.RuleId, refused.DetailCode));
        Assert.Contains($"identity_confirmation_request.person.nationalities REFUSED {R2} POLICY_PROTECTION_FLAG", Lines(refused));
        AssertNoValueIn(refused, payload);
    }

    [Fact]
    public void Rule2_a_consular_service_refuses_on_receipt_an_identity_request_with_a_refugee_code()
    {
        var context = Context(MessageType.IdentityConfirmationRequest, "AL/CONSULAR", Purpose.IdentityVerification);

        var refused = Default.EvaluateInbound(IdentityRequest(issuingState: "XXB"), context);
        var accepted = Default.EvaluateInbound(IdentityRequest(), context);

        Assert.Equal(new InboundVerdict(false, "IN2-consular-refuses-refugee-codes", "POLICY_PROTECTION_FLAG", "identity_confirmation_request.evidence.issuing_state"), refused);
        Assert.DoesNotContain("XXB", refused.ToException().ToRejectionLine(), StringComparison.Ordinal);
        Assert.Equal(InboundVerdict.Accept, accepted);
    }

    [Fact]
    public void Rule2_an_identity_request_without_a_refugee_code_or_flag_leaves()
    {
        var payload = IdentityRequest();

        var allowed = Allowed(Default.Evaluate(payload, Context(MessageType.IdentityConfirmationRequest, "AL/CONSULAR", Purpose.IdentityVerification), Keys));

        Assert.Equal(["ALB"], allowed.Payload.IdentityConfirmationRequest.Person.Nationalities);
        AssertNoValueIn(allowed, payload);
    }

    [Fact]
    public void A_flagged_identity_request_to_an_NCP_names_the_protection_flag_and_still_reports_that_no_rule_allows_it()
    {
        var payload = IdentityRequest(flag: "true");

        var refused = Refused(Default.Evaluate(payload, Context(MessageType.IdentityConfirmationRequest, "AL/NCP", Purpose.IdentityVerification), Keys));

        Assert.Equal((R2, "POLICY_PROTECTION_FLAG"), (refused.RuleId, refused.DetailCode));
        Assert.Equal(
            [
                $" REFUSED {R2} POLICY_PROTECTION_FLAG",
                " REFUSED default-deny POLICY_NO_RULE",
                $"identity_confirmation_request.international_protection REFUSED {R2} POLICY_PROTECTION_FLAG",
            ],
            Lines(refused));
        AssertNoValueIn(refused, payload);
    }

    [Fact]
    public void Rule2_refugee_codes_never_reach_a_consular_service_in_a_return_plan_or_a_referral()
    {
        var plan = ReturnPlan("XXB");
        var referral = Json("""
            {"caseReferral": {
              "subjectPseudonym": "a1b2c3d4e5f60718", "ageBand": "AGE_BAND_ADULT_25_TO_34", "nationality": "XXC",
              "consent": {"purposes": ["PURPOSE_TRANSNATIONAL_REFERRAL"], "recipients": ["AL/NCP"],
                          "givenAt": "2026-10-01T09:00:00Z", "givenBy": "CONSENT_GIVER_DATA_SUBJECT"}
            }}
            """);

        var planRefused = Refused(Default.Evaluate(plan, Context(MessageType.ReturnPlan, "AL/CONSULAR", Purpose.ReturnCoordination), Keys));
        var referralRefused = Refused(Default.Evaluate(referral, Context(MessageType.CaseReferral, "AL/CONSULAR", Purpose.TransnationalReferral), Keys));

        // The flag names the refusal before the consent that does not cover the consular service
        // and before the missing rule; all three are reported.
        Assert.Equal(("R2-no-refugee-code-in-a-return-plan-to-a-consular-service", "POLICY_PROTECTION_FLAG"), (planRefused.RuleId, planRefused.DetailCode));
        Assert.Equal(
            [
                " REFUSED R2-no-refugee-code-in-a-return-plan-to-a-consular-service POLICY_PROTECTION_FLAG",
                " REFUSED default-deny POLICY_NO_RULE",
                "return_plan.consent REQUIRED_MISSING R3-consent-gate POLICY_CONSENT_MISSING",
                "return_plan.traveller.nationalities REFUSED R2-no-refugee-code-in-a-return-plan-to-a-consular-service POLICY_PROTECTION_FLAG",
            ],
            Lines(planRefused));
        Assert.Equal(("R2-no-refugee-code-in-a-referral-to-a-consular-service", "POLICY_PROTECTION_FLAG"), (referralRefused.RuleId, referralRefused.DetailCode));
        Assert.Contains("case_referral.nationality REFUSED R2-no-refugee-code-in-a-referral-to-a-consular-service POLICY_PROTECTION_FLAG", Lines(referralRefused));
        AssertNoValueIn(planRefused, plan);
        AssertNoValueIn(referralRefused, referral);
    }

    [Fact]
    public void A_failed_requirement_of_an_applicable_rule_wins_over_default_deny_and_default_deny_remains_when_nothing_else_refuses()
    {
        var uncovered = ReturnPlan("ALB");
        var covered = ReturnPlan("ALB", consentRecipient: "AL/CONSULAR");
        var context = Context(MessageType.ReturnPlan, "AL/CONSULAR", Purpose.ReturnCoordination);

        var consentMissing = Refused(Default.Evaluate(uncovered, context, Keys));
        var noRule = Refused(Default.Evaluate(covered, context, Keys));

        Assert.Equal(("R3-consent-gate", "POLICY_CONSENT_MISSING"), (consentMissing.RuleId, consentMissing.DetailCode));
        Assert.Equal(
            [
                " REFUSED R3-consent-gate POLICY_CONSENT_MISSING",
                " REFUSED default-deny POLICY_NO_RULE",
                "return_plan.consent REQUIRED_MISSING R3-consent-gate POLICY_CONSENT_MISSING",
            ],
            Lines(consentMissing));
        Assert.Equal([" REFUSED default-deny POLICY_NO_RULE"], Lines(noRule));
        AssertNoValueIn(consentMissing, uncovered);
    }
}
