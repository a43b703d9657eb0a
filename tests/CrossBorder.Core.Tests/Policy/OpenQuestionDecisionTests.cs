using CrossBorder.Contracts.V1;
using CrossBorder.Core.Policy;
using static CrossBorder.Core.Tests.Policy.ChildSafeguardTests;
using static CrossBorder.Core.Tests.Policy.PayloadText;
using static CrossBorder.Core.Tests.Policy.PolicyKit;

namespace CrossBorder.Core.Tests.Policy;

/// <summary>The decisions of docs/policy.md ("Decisions on open questions"), each against the shipped policy.</summary>
public class OpenQuestionDecisionTests
{
    internal static PolicyContext ToChildProtection => Context(MessageType.ChildProtectionExchange, "AL/NCP", Purpose.ChildProtection);

    internal static CasePayload ChildExchange(string guardian = NamedGuardian, string tracingStatus = "TRACING_STATUS_IN_PROGRESS", string givenBy = "CONSENT_GIVER_GUARDIAN") => Json($$$"""
        {"childProtectionExchange": {
          "childPseudonym": "b2e4d6f8a0c1e3a5",
          "unaccompanied": true,
          "safeguards": {"guardian": {{{guardian}}}, "bestInterestsDecision": "BEST_INTERESTS_DECISION_PENDING", "childViews": {"heard": true}},
          "familyTracing": {
            "status": "{{{tracingStatus}}}",
            "members": [{"relationship": "FAMILY_RELATIONSHIP_GRANDPARENT", "familyName": "PROVA", "givenNames": "MIRA",
                         "dateOfBirth": "1958-03-02", "lastKnownSubdivision": "AL-10"}],
            "tracingOrganisation": "AL-FAMILY-TRACING"
          },
          "consent": {"purposes": ["PURPOSE_CHILD_PROTECTION"], "recipients": ["AL/CHILD_PROTECTION"],
                      "givenAt": "2026-09-02T08:30:00Z", "givenBy": "{{{givenBy}}}"}
        }}
        """);

    private static CasePayload Referral(string age, string givenBy, string givenAt = "2026-10-01T09:00:00Z", string withdrawal = "") => Json($$$"""
        {"caseReferral": {
          "subjectPseudonym": "a1b2c3d4e5f60718", {{{age}}} "nationality": "ALB",
          "consent": {"purposes": ["PURPOSE_TRANSNATIONAL_REFERRAL"], "recipients": ["AL/NCP"], "givenAt": "{{{givenAt}}}", {{{withdrawal}}} "givenBy": "{{{givenBy}}}"}
        }}
        """);

    private static PolicyContext ReferralTo(bool childProtectionRole) =>
        Context(MessageType.CaseReferral, "AL/NCP", Purpose.TransnationalReferral,
            toRoles: childProtectionRole ? [ParticipantRole.Ncp, ParticipantRole.ChildProtection] : [ParticipantRole.Ncp]);

    [Fact]
    public void Decision_consent_has_no_expiry_it_covers_from_when_it_was_given_until_it_is_withdrawn()
    {
        const string Adult = "\"ageBand\": \"AGE_BAND_ADULT_25_TO_34\",";
        var old = Referral(Adult, "CONSENT_GIVER_DATA_SUBJECT", givenAt: "2021-01-15T09:00:00Z");
        var future = Referral(Adult, "CONSENT_GIVER_DATA_SUBJECT", givenAt: "2026-11-20T10:00:01Z");
        var withdrawn = Referral(Adult, "CONSENT_GIVER_DATA_SUBJECT", withdrawal: "\"withdrawnAt\": \"2026-11-20T09:59:59Z\",");

        Allowed(Default.Evaluate(old, ReferralTo(true), Keys));
        var notYet = Refused(Default.Evaluate(future, ReferralTo(true), Keys));
        var noLonger = Refused(Default.Evaluate(withdrawn, ReferralTo(true), Keys));

        Assert.Equal(("R3-consent-gate", "POLICY_CONSENT_MISSING"), (notYet.RuleId, notYet.DetailCode));
        Assert.Equal(("R3-consent-gate", "POLICY_CONSENT_MISSING"), (noLonger.RuleId, noLonger.DetailCode));
        Assert.Contains("case_referral.consent REQUIRED_MISSING R3-consent-gate POLICY_CONSENT_MISSING", Lines(noLonger));
        AssertNoValueIn(noLonger, withdrawn);
    }

    [Fact]
    public void Decision_a_childs_own_consent_does_not_cover_a_child_case_the_guardians_or_a_legal_representatives_does()
    {
        var plan = ChildPlan(givenBy: "CONSENT_GIVER_DATA_SUBJECT");
        var exchange = ChildExchange(givenBy: "CONSENT_GIVER_DATA_SUBJECT");

        var planRefused = Refused(Default.Evaluate(plan, ToAlbania, Keys));
        var exchangeRefused = Refused(Default.Evaluate(exchange, ToChildProtection, Keys));

        Assert.Equal(
            [
                " REFUSED R5-child-return-plan-safeguards POLICY_CHILD_CONSENT_BY_GUARDIAN",
                "return_plan.consent.given_by REQUIRED_MISSING R5-child-return-plan-safeguards POLICY_CHILD_CONSENT_BY_GUARDIAN",
            ],
            Lines(planRefused));
        Assert.Equal(("R5-child-protection-safeguards", "POLICY_CHILD_CONSENT_BY_GUARDIAN"), (exchangeRefused.RuleId, exchangeRefused.DetailCode));
        Allowed(Default.Evaluate(ChildPlan(givenBy: "CONSENT_GIVER_LEGAL_REPRESENTATIVE"), ToAlbania, Keys));
        Allowed(Default.Evaluate(ChildExchange(), ToChildProtection, Keys));
        AssertNoValueIn(planRefused, plan);
        AssertNoValueIn(exchangeRefused, exchange);
    }

    [Fact]
    public void Decision_a_family_suspected_of_involvement_is_not_suitable_whatever_its_assessment_only_alternative_care_lets_the_plan_go()
    {
        var suspected = ChildPlan(more: ", \"familySuspectedOfInvolvement\": true");
        var withCare = ChildPlan(more: ", \"familySuspectedOfInvolvement\": true, \"alternativeCareArranged\": true");

        var refused = Refused(Default.Evaluate(suspected, ToAlbania, Keys));

        Assert.Equal(
            [
                " REFUSED R5-child-return-plan-safeguards POLICY_FAMILY_SUSPECTED",
                "return_plan.child.alternative_care_arranged REQUIRED_MISSING R5-child-return-plan-safeguards POLICY_FAMILY_SUSPECTED",
            ],
            Lines(refused));
        Allowed(Default.Evaluate(withCare, ToAlbania, Keys));
        AssertNoValueIn(refused, suspected);
    }

    [Fact]
    public void Decision_an_escort_only_until_departure_is_no_escort_for_a_child_but_is_enough_for_an_adult()
    {
        const string UntilDeparture = """{"role": "ESCORT_ROLE_NGO_STAFF", "escortUntil": "ESCORT_UNTIL_DEPARTURE"}""";
        var child = ChildPlan(escort: UntilDeparture);
        var adult = Plan(AdultTraveller, escort: UntilDeparture, givenBy: "CONSENT_GIVER_DATA_SUBJECT");

        var refused = Refused(Default.Evaluate(child, ToAlbania, Keys));

        Assert.Equal(("R5-child-return-plan-safeguards", "POLICY_CHILD_SAFEGUARDS_MISSING"), (refused.RuleId, refused.DetailCode));
        Assert.Contains("return_plan.escort.escort_until REQUIRED_MISSING R5-child-return-plan-safeguards POLICY_CHILD_SAFEGUARDS_MISSING", Lines(refused));
        Assert.Equal(EscortUntil.Departure, Allowed(Default.Evaluate(adult, ToAlbania, Keys)).Payload.ReturnPlan.Escort.EscortUntil);
        AssertNoValueIn(refused, child);
    }

    [Theory]
    [InlineData("\"ageBand\": \"AGE_BAND_CHILD_15_TO_17\",", "CONSENT_GIVER_GUARDIAN", true, null, null)]
    [InlineData("\"ageBand\": \"AGE_BAND_CHILD_15_TO_17\",", "CONSENT_GIVER_DATA_SUBJECT", true, "R5-child-referral", "POLICY_CHILD_CONSENT_BY_GUARDIAN")]
    [InlineData("", "CONSENT_GIVER_DATA_SUBJECT", true, "R5-child-referral", "POLICY_CHILD_CONSENT_BY_GUARDIAN")] // no age band: age unknown
    [InlineData("\"ageBand\": \"AGE_BAND_ADULT_18_TO_24\", \"ageUncertain\": true,", "CONSENT_GIVER_DATA_SUBJECT", true, "R5-child-referral", "POLICY_CHILD_CONSENT_BY_GUARDIAN")]
    [InlineData("\"ageBand\": \"AGE_BAND_UNKNOWN\",", "CONSENT_GIVER_GUARDIAN", false, "R5-child-referral-only-to-child-protection", "POLICY_CHILD_PROTECTION_RECIPIENT")]
    [InlineData("\"ageBand\": \"AGE_BAND_UNKNOWN\",", "CONSENT_GIVER_DATA_SUBJECT", false, "R5-child-referral-only-to-child-protection", "POLICY_CHILD_PROTECTION_RECIPIENT")] // the flag names the refusal before the earlier rule's missing consent
    [InlineData("\"ageBand\": \"AGE_BAND_ADULT_18_TO_24\",", "CONSENT_GIVER_DATA_SUBJECT", false, null, null)]
    public void Decision_a_referral_about_a_child_goes_without_return_safeguards_but_only_to_child_protection_on_a_guardians_consent(
        string age, string givenBy, bool childProtectionRole, string? rule, string? detail)
    {
        var payload = Referral(age, givenBy);

        var outcome = Default.Evaluate(payload, ReferralTo(childProtectionRole), Keys);

        if (rule is null)
        {
            Allowed(outcome);
        }
        else
        {
            Assert.Equal((rule, detail), (Refused(outcome).RuleId, Refused(outcome).DetailCode));
        }

        AssertNoValueIn(outcome, payload);
    }

    [Fact]
    public void Decision_family_tracing_suspended_for_safety_sends_that_it_is_suspended_but_not_whom_it_looked_for()
    {
        var suspended = ChildExchange(tracingStatus: "TRACING_STATUS_SUSPENDED_FOR_SAFETY");

        var allowed = Allowed(Default.Evaluate(suspended, ToChildProtection, Keys));
        var ongoing = Allowed(Default.Evaluate(ChildExchange(), ToChildProtection, Keys));

        Assert.Equal(new FamilyTracing { Status = TracingStatus.SuspendedForSafety }, allowed.Payload.ChildProtectionExchange.FamilyTracing);
        Assert.Contains("child_protection_exchange.family_tracing.members REMOVED R6-family-members-only-while-tracing-is-safe POLICY_FAMILY_TRACING_SUSPENDED", Lines(allowed));
        Assert.Contains("child_protection_exchange.family_tracing.tracing_organisation REMOVED R6-family-members-only-while-tracing-is-safe POLICY_FAMILY_TRACING_SUSPENDED", Lines(allowed));
        Assert.Equal("1958", Assert.Single(ongoing.Payload.ChildProtectionExchange.FamilyTracing.Members).DateOfBirth);
        AssertNoValueIn(allowed, suspended);
    }
}
