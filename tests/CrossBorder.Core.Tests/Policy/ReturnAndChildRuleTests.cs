using CrossBorder.Contracts.V1;
using CrossBorder.Core.Policy;
using static CrossBorder.Core.Tests.Policy.PolicyKit;

namespace CrossBorder.Core.Tests.Policy;

/// <summary>MISSION rules 3 to 9 and 12 in the default policy, on the example payloads.</summary>
public class ReturnAndChildRuleTests
{
    private static PolicyContext PlanTo(string to = "AL/NCP", Purpose purpose = Purpose.ReturnCoordination, ParticipantRole[]? roles = null) =>
        Context(MessageType.ReturnPlan, to, purpose, toRoles: roles);

    private static CasePayload ChildPlan()
    {
        var payload = Example("return-plan");
        var plan = payload.ReturnPlan;
        plan.AgeUncertain = true;
        plan.Child = new ChildSafeguards
        {
            Guardian = new Guardian { FamilyName = "ESEMPIO", GivenNames = "GIULIA", GuardianType = GuardianType.LegalGuardian },
            BestInterestsDecision = BestInterestsDecision.Return,
            BestInterestsDecidedOn = "2026-10-01",
            ChildViews = new ChildViews { Heard = true, HeardOn = "2026-09-20", ViewOnReturn = ChildViewOnReturn.WishesToReturn, Summary = "Wants to see the grandmother." },
            FamilyAssessment = FamilyAssessment.Suitable,
        };
        plan.Consent.GivenBy = ConsentGiver.Guardian; // a child's consent is the guardian's (rule 5)
        return payload;
    }

    [Fact]
    public void Rule3_return_plan_without_consent_covering_the_recipient_is_refused()
    {
        var payload = Example("return-plan");
        payload.ReturnPlan.Consent.Recipients.Clear();
        payload.ReturnPlan.Consent.Recipients.Add("GR/NCP");

        var refused = Refused(Default.Evaluate(payload, PlanTo(), Keys));

        Assert.Equal(("R3-consent-gate", "POLICY_CONSENT_MISSING"), (refused.RuleId, refused.DetailCode));
        Assert.Contains("return_plan.consent REQUIRED_MISSING R3-consent-gate POLICY_CONSENT_MISSING", Lines(refused));
    }

    [Fact]
    public void Rule3_withdrawn_consent_covers_nothing_from_the_moment_of_withdrawal()
    {
        var payload = Example("case-referral");
        payload.CaseReferral.Consent.WithdrawnAt = "2026-11-19T09:00:00Z";

        var refused = Refused(Default.Evaluate(payload, Context(MessageType.CaseReferral, "AL/NCP", Purpose.TransnationalReferral), Keys));
        Assert.Equal("POLICY_CONSENT_MISSING", refused.DetailCode);

        payload.CaseReferral.Consent.WithdrawnAt = "2026-12-01T09:00:00Z"; // announced for later: still covers now
        Allowed(Default.Evaluate(payload, Context(MessageType.CaseReferral, "AL/NCP", Purpose.TransnationalReferral), Keys));
    }

    [Fact]
    public void Rule3_consent_for_another_purpose_does_not_cover_the_message()
    {
        var payload = Example("return-risk-assessment");
        payload.ReturnRiskAssessment.Consent.Purposes.Remove(Purpose.RiskAssessment);

        var refused = Refused(Default.Evaluate(payload, Context(MessageType.ReturnRiskAssessment, "AL/NCP", Purpose.RiskAssessment), Keys));

        Assert.Equal("POLICY_CONSENT_MISSING", refused.DetailCode);
    }

    [Fact]
    public void Rule3_consent_naming_a_country_and_role_covers_the_participant_with_that_role()
    {
        // The child-protection example's consent names "AL/CHILD_PROTECTION"; AL/NCP has that role.
        Allowed(Default.Evaluate(Example("child-protection-exchange"), Context(MessageType.ChildProtectionExchange, "AL/NCP", Purpose.ChildProtection), Keys));
    }

    [Fact]
    public void Rule4_health_data_without_explicit_consent_is_removed()
    {
        var payload = Example("return-plan");
        payload.ReturnPlan.Consent.ExplicitHealthConsent = false;

        var outcome = Allowed(Default.Evaluate(payload, PlanTo(purpose: Purpose.ReceptionAssistance), Keys));

        Assert.Null(outcome.Payload.ReturnPlan.Health);
        Assert.Contains("return_plan.health REMOVED R4-health-coded-needs POLICY_HEALTH_CONSENT_MISSING", Lines(outcome));
    }

    [Fact]
    public void Rule4_coded_needs_go_with_explicit_consent_for_reception_assistance_but_never_a_diagnosis()
    {
        var payload = Example("return-plan");
        payload.ReturnPlan.Health.Diagnosis = "Healing fracture of the left wrist.";
        payload.ReturnPlan.Health.MedicalEscortRequired = true;

        var outcome = Allowed(Default.Evaluate(payload, PlanTo(purpose: Purpose.ReceptionAssistance), Keys));

        Assert.Equal(
            new HealthInformation { Needs = { HealthNeed.MedicalFollowUp }, FitToTravel = FitToTravel.Fit, MedicalEscortRequired = true },
            outcome.Payload.ReturnPlan.Health);
        Assert.Contains("return_plan.health.diagnosis REMOVED R4-never-a-diagnosis POLICY_DIAGNOSIS_NEVER_SENT", Lines(outcome));
    }

    [Fact]
    public void Rule4_health_is_removed_for_purposes_other_than_reception_assistance_or_fitness_to_travel()
    {
        var outcome = Allowed(Default.Evaluate(Example("return-plan"), PlanTo(purpose: Purpose.ReturnCoordination), Keys));

        Assert.Null(outcome.Payload.ReturnPlan.Health);
        Assert.Contains("return_plan.health REMOVED R4-health-not-for-this-purpose POLICY_HEALTH_PURPOSE_NOT_ALLOWED", Lines(outcome));
    }

    [Fact]
    public void Rule5_child_return_plan_without_best_interests_decision_is_refused()
    {
        var payload = ChildPlan();
        payload.ReturnPlan.Child.BestInterestsDecision = BestInterestsDecision.Pending;
        payload.ReturnPlan.Child.FamilyAssessment = FamilyAssessment.Pending;

        var refused = Refused(Default.Evaluate(payload, PlanTo(), Keys));

        Assert.Equal(("R5-child-return-plan-safeguards", "POLICY_CHILD_SAFEGUARDS_MISSING"), (refused.RuleId, refused.DetailCode));
        Assert.Equal(
            [
                " REFUSED R5-child-return-plan-safeguards POLICY_CHILD_SAFEGUARDS_MISSING",
                "return_plan.child.alternative_care_arranged REQUIRED_MISSING R5-child-return-plan-safeguards POLICY_CHILD_SAFEGUARDS_MISSING",
                "return_plan.child.best_interests_decision REQUIRED_MISSING R5-child-return-plan-safeguards POLICY_CHILD_SAFEGUARDS_MISSING",
                "return_plan.child.family_assessment REQUIRED_MISSING R5-child-return-plan-safeguards POLICY_CHILD_SAFEGUARDS_MISSING",
            ],
            Lines(refused));
    }

    [Fact]
    public void Rule5_uncertain_age_is_treated_as_a_child_even_without_any_child_data()
    {
        var payload = Example("return-plan");
        payload.ReturnPlan.AgeUncertain = true;

        var refused = Refused(Default.Evaluate(payload, PlanTo(), Keys));

        Assert.Equal("POLICY_CHILD_SAFEGUARDS_MISSING", refused.DetailCode);
        Assert.Contains("return_plan.child.guardian.family_name REQUIRED_MISSING R5-child-return-plan-safeguards POLICY_CHILD_SAFEGUARDS_MISSING", Lines(refused));
        Assert.Contains("return_plan.child.guardian.guardian_type REQUIRED_MISSING R5-child-return-plan-safeguards POLICY_CHILD_SAFEGUARDS_MISSING", Lines(refused));
    }

    [Fact]
    public void Rule5_a_partial_date_of_birth_that_may_make_the_traveller_a_minor_counts_as_a_child()
    {
        var payload = Example("return-plan");
        payload.ReturnPlan.Traveller.DateOfBirth = "2008"; // 18 in the course of 2026: possibly still 17 on 2026-11-20

        Assert.Equal("POLICY_CHILD_SAFEGUARDS_MISSING", Refused(Default.Evaluate(payload, PlanTo(), Keys)).DetailCode);

        payload.ReturnPlan.Traveller.DateOfBirth = "2008-05";
        Allowed(Default.Evaluate(payload, PlanTo(), Keys));
    }

    [Fact]
    public void Rule5_child_return_plan_with_every_safeguard_goes_without_the_childs_words()
    {
        var outcome = Allowed(Default.Evaluate(ChildPlan(), PlanTo(), Keys));

        var child = outcome.Payload.ReturnPlan.Child;
        Assert.Equal(BestInterestsDecision.Return, child.BestInterestsDecision);
        Assert.True(child.ChildViews.Heard);
        Assert.Equal("", child.ChildViews.Summary);
        Assert.Contains("return_plan.child.child_views.summary REMOVED T-return-plan POLICY_NARRATIVE_NOT_SENT", Lines(outcome));
    }

    [Fact]
    public void Rule5_child_protection_exchange_needs_guardian_decision_and_views()
    {
        var payload = Example("child-protection-exchange");
        payload.ChildProtectionExchange.Safeguards.Guardian = null;

        var refused = Refused(Default.Evaluate(payload, Context(MessageType.ChildProtectionExchange, "AL/NCP", Purpose.ChildProtection), Keys));

        Assert.Equal(("R5-child-protection-safeguards", "POLICY_CHILD_SAFEGUARDS_MISSING"), (refused.RuleId, refused.DetailCode));
        Assert.Contains("child_protection_exchange.safeguards.guardian.family_name REQUIRED_MISSING R5-child-protection-safeguards POLICY_CHILD_SAFEGUARDS_MISSING", Lines(refused));
        Assert.Contains("child_protection_exchange.safeguards.guardian.organisation REQUIRED_MISSING R5-child-protection-safeguards POLICY_CHILD_SAFEGUARDS_MISSING", Lines(refused));
    }

    [Fact]
    public void Rule6_family_tracing_goes_to_child_protection_with_birth_years_only()
    {
        var outcome = Allowed(Default.Evaluate(
            Example("child-protection-exchange"), Context(MessageType.ChildProtectionExchange, "AL/NCP", Purpose.ChildProtection), Keys));

        var member = Assert.Single(outcome.Payload.ChildProtectionExchange.FamilyTracing.Members);
        Assert.Equal("1958", member.DateOfBirth);
        Assert.Equal("PROVA", member.FamilyName);
        Assert.Equal(
            [
                "child_protection_exchange.case_notes REMOVED T-child-protection-exchange POLICY_NARRATIVE_NOT_SENT",
                "child_protection_exchange.child_pseudonym PSEUDONYMIZED R8-per-link-child-pseudonym POLICY_PSEUDONYMIZED",
                "child_protection_exchange.safeguards.child_views.summary REMOVED T-child-protection-exchange POLICY_NARRATIVE_NOT_SENT",
            ],
            Lines(outcome)); // "1958" is already a year: nothing to generalize, nothing to report
    }

    [Fact]
    public void Rule6_family_tracing_is_removed_when_the_family_is_suspected_of_involvement()
    {
        var payload = Example("child-protection-exchange");
        payload.ChildProtectionExchange.Safeguards.FamilySuspectedOfInvolvement = true;
        payload.ChildProtectionExchange.FamilyTracing.Members[0].DateOfBirth = "1958-03-02";

        var outcome = Allowed(Default.Evaluate(payload, Context(MessageType.ChildProtectionExchange, "AL/NCP", Purpose.ChildProtection), Keys));

        Assert.Null(outcome.Payload.ChildProtectionExchange.FamilyTracing);
        Assert.Contains("child_protection_exchange.family_tracing REMOVED R6-family-tracing-to-child-protection POLICY_FAMILY_SUSPECTED", Lines(outcome));
    }

    [Fact]
    public void Rule6_family_data_of_a_child_return_plan_goes_only_to_child_protection_recipients()
    {
        var outcome = Allowed(Default.Evaluate(ChildPlan(), PlanTo(roles: [ParticipantRole.Ncp]), Keys));

        Assert.Equal(FamilyAssessment.Unspecified, outcome.Payload.ReturnPlan.Child.FamilyAssessment);
        Assert.Contains("return_plan.child.family_assessment REMOVED R6-no-family-data-elsewhere POLICY_FAMILY_DATA_RECIPIENT", Lines(outcome));
    }

    [Fact]
    public void Rule6_child_protection_exchange_to_a_participant_without_child_protection_role_is_refused()
    {
        var refused = Refused(Default.Evaluate(
            Example("child-protection-exchange"),
            Context(MessageType.ChildProtectionExchange, "AL/NCP", Purpose.ChildProtection, toRoles: [ParticipantRole.Ncp]),
            Keys));

        // An explicit rule names the reason (it was the default-deny POLICY_NO_RULE before).
        Assert.Equal(("R5-child-protection-exchange-only-to-child-protection", "POLICY_CHILD_PROTECTION_RECIPIENT"), (refused.RuleId, refused.DetailCode));
    }

    [Fact]
    public void Rule7_shelter_addresses_are_never_sent_and_the_municipality_is()
    {
        var plan = Allowed(Default.Evaluate(Example("return-plan"), PlanTo(), Keys));
        var risk = Allowed(Default.Evaluate(Example("return-risk-assessment"), Context(MessageType.ReturnRiskAssessment, "AL/NCP", Purpose.RiskAssessment), Keys));

        Assert.Equal("", plan.Payload.ReturnPlan.ReceptionShelterAddress);
        Assert.Equal("AL-03", plan.Payload.ReturnPlan.DestinationMunicipality);
        Assert.Contains("return_plan.reception_shelter_address REMOVED R7-no-shelter-address-in-return-plan POLICY_SHELTER_ADDRESS", Lines(plan));
        Assert.Equal("", risk.Payload.ReturnRiskAssessment.CurrentShelterAddress);
        Assert.Equal("AL-03", risk.Payload.ReturnRiskAssessment.Municipality);
        Assert.Equal(
            [
                "return_risk_assessment.assessment_narrative REMOVED T-return-risk-assessment POLICY_NARRATIVE_NOT_SENT",
                "return_risk_assessment.current_shelter_address REMOVED R7-no-shelter-address-in-risk-assessment POLICY_SHELTER_ADDRESS",
                "return_risk_assessment.health REMOVED R4-health-not-for-this-purpose POLICY_HEALTH_PURPOSE_NOT_ALLOWED",
                "return_risk_assessment.subject_pseudonym PSEUDONYMIZED R8-per-link-pseudonym POLICY_PSEUDONYMIZED",
            ],
            Lines(risk));
    }

    [Fact]
    public void Rule8_subject_pseudonyms_are_per_link_keyed_and_carry_the_key_id()
    {
        var input = Example("case-referral");
        PolicyContext To(string recipient) => Context(MessageType.CaseReferral, recipient, Purpose.TransnationalReferral);
        input.CaseReferral.Consent.Recipients.Add("GR/NCP");

        var toAlbania = Allowed(Default.Evaluate(input, To("AL/NCP"), Keys)).Payload.CaseReferral.SubjectPseudonym;
        var again = Allowed(Default.Evaluate(input, To("AL/NCP"), Keys)).Payload.CaseReferral.SubjectPseudonym;
        var toGreece = Allowed(Default.Evaluate(input, To("GR/NCP"), Keys)).Payload.CaseReferral.SubjectPseudonym;

        Assert.Matches("^k1:[a-z2-7]{32}$", toAlbania);
        Assert.Equal(toAlbania, again);
        Assert.NotEqual(toAlbania, toGreece);
        Assert.DoesNotContain(input.CaseReferral.SubjectPseudonym, toAlbania, StringComparison.Ordinal);
    }

    [Fact]
    public void Rule8_a_referral_carries_no_names_and_no_narrative()
    {
        var outcome = Allowed(Default.Evaluate(Example("case-referral"), Context(MessageType.CaseReferral, "AL/NCP", Purpose.TransnationalReferral), Keys));

        Assert.Equal(
            [
                "case_referral.exploitation.offences_under_coercion REMOVED default-deny POLICY_FIELD_NOT_ALLOWED",
                "case_referral.exploitation.period_end REMOVED default-deny POLICY_FIELD_NOT_ALLOWED",
                "case_referral.exploitation.period_start REMOVED default-deny POLICY_FIELD_NOT_ALLOWED",
                "case_referral.subject_pseudonym PSEUDONYMIZED R8-per-link-pseudonym POLICY_PSEUDONYMIZED",
                "case_referral.summary REMOVED T-case-referral POLICY_NARRATIVE_NOT_SENT",
            ],
            Lines(outcome));
    }

    [Fact]
    public void Rule9_statistics_band_birth_years_and_suppress_small_cells()
    {
        var payload = Example("aggregate-statistics");
        payload.AggregateStatistics.Cells[1].Count = 3;
        payload.AggregateStatistics.Cells[1].BirthBandStartYear = 2003;

        var outcome = Allowed(Default.Evaluate(payload, Context(MessageType.AggregateStatistics, "AL/NCP", Purpose.Statistics), Keys));

        var cell = outcome.Payload.AggregateStatistics.Cells[1];
        Assert.Equal((0u, true, 2000u), (cell.Count, cell.Suppressed, cell.BirthBandStartYear));
        Assert.Equal(17u, outcome.Payload.AggregateStatistics.Cells[0].Count);
        Assert.Equal(
            [
                "aggregate_statistics.cells.birth_band_start_year GENERALIZED R9-statistics POLICY_GENERALIZED",
                "aggregate_statistics.cells[1].count GENERALIZED R9-statistics POLICY_SMALL_CELL_SUPPRESSED",
            ],
            Lines(outcome));
    }

    [Fact]
    public void Rule12_exploitation_details_and_coerced_offences_never_travel_in_a_return_plan()
    {
        var payload = Example("return-plan");
        payload.ReturnPlan.Exploitation = new ExploitationDetails
        {
            Forms = { ExploitationForm.Labour },
            OffencesUnderCoercion = { CoercedOffence.IllegalEntryOrStay },
        };

        var outcome = Allowed(Default.Evaluate(payload, PlanTo(), Keys));

        Assert.Null(outcome.Payload.ReturnPlan.Exploitation);
        Assert.Contains("return_plan.exploitation REMOVED R12-no-exploitation-in-return POLICY_EXPLOITATION_NOT_IN_RETURN", Lines(outcome));
    }

    [Fact]
    public void Reception_confirmation_carries_the_day_of_arrival_only()
    {
        var outcome = Allowed(Default.Evaluate(
            Example("reception-confirmation"), Context(MessageType.ReceptionConfirmation, "IT/NCP", Purpose.ReturnCoordination, from: "AL/NCP"), Keys));

        Assert.Equal("2026-11-28", outcome.Payload.ReceptionConfirmation.ArrivedAt);
    }
}
