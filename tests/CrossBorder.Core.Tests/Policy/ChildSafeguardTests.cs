using CrossBorder.Contracts.V1;
using CrossBorder.Core.Policy;
using Google.Protobuf;
using static CrossBorder.Core.Tests.Policy.PayloadText;
using static CrossBorder.Core.Tests.Policy.PolicyKit;

namespace CrossBorder.Core.Tests.Policy;

/// <summary>
/// Rule 5 against hand-written payloads: placeholders do not count as a guardian or an escort, and
/// a missing or partial date of birth that may make the traveller under 18 makes the plan a child's.
/// </summary>
public class ChildSafeguardTests
{
    private const string R5 = "R5-child-return-plan-safeguards";
    internal const string NamedGuardian = """{"familyName": "ESEMPIO", "guardianType": "GUARDIAN_TYPE_LEGAL_GUARDIAN"}""";
    internal const string Escort = """{"role": "ESCORT_ROLE_SOCIAL_WORKER", "escortUntil": "ESCORT_UNTIL_RECEPTION"}""";
    internal const string ChildTraveller = """{"familyName": "SHEMBULLI", "givenNames": "ARBEN", "dateOfBirth": "2011-03-09", "nationalities": ["ALB"]}""";
    internal const string AdultTraveller = """{"familyName": "SHEMBULLI", "givenNames": "DRITA", "dateOfBirth": "1990-01-01", "nationalities": ["ALB"]}""";

    internal static string Safeguards(string guardian = NamedGuardian, string more = "") =>
        $$$"""{"guardian": {{{guardian}}}, "bestInterestsDecision": "BEST_INTERESTS_DECISION_RETURN", "childViews": {"heard": true}, "familyAssessment": "FAMILY_ASSESSMENT_SUITABLE"{{{more}}}}""";

    /// <summary>A return plan written as JSON text; each part can be replaced or left out.</summary>
    internal static CasePayload Plan(string? traveller = ChildTraveller, string? child = null, string? escort = Escort, string givenBy = "CONSENT_GIVER_GUARDIAN")
    {
        var members = new List<string>
        {
            "\"subjectPseudonym\": \"a1b2c3d4e5f60718\"",
            "\"destinationMunicipality\": \"AL-11\"",
            $$$"""
            "consent": {"purposes": ["PURPOSE_RETURN_COORDINATION"], "recipients": ["AL/NCP"], "givenAt": "2026-10-01T09:00:00Z", "givenBy": "{{{givenBy}}}"}
            """,
        };
        if (traveller is not null)
        {
            members.Add($"\"traveller\": {traveller}");
        }

        if (escort is not null)
        {
            members.Add($"\"escort\": {escort}");
        }

        if (child is not null)
        {
            members.Add($"\"child\": {child}");
        }

        return Json($"{{\"returnPlan\": {{{string.Join(", ", members)}}}}}");
    }

    internal static CasePayload ChildPlan(string guardian = NamedGuardian, string? escort = Escort, string givenBy = "CONSENT_GIVER_GUARDIAN", string more = "") =>
        Plan(child: Safeguards(guardian, more), escort: escort, givenBy: givenBy);

    internal static PolicyContext ToAlbania => Context(MessageType.ReturnPlan, "AL/NCP", Purpose.ReturnCoordination);

    private static string[] Missing(string rule, string detail, string paths) =>
        [$" REFUSED {rule} {detail}", .. paths.Split(',').Select(p => $"return_plan.{p} REQUIRED_MISSING {rule} {detail}").Order(StringComparer.Ordinal)];

    [Fact]
    public void Rule5_a_child_plan_with_a_named_guardian_a_defined_escort_to_reception_and_the_guardians_consent_leaves()
    {
        var payload = ChildPlan();

        var allowed = Allowed(Default.Evaluate(payload, ToAlbania, Keys));

        Assert.Equal("ESEMPIO", allowed.Payload.ReturnPlan.Child.Guardian.FamilyName);
        Assert.Equal(EscortUntil.Reception, allowed.Payload.ReturnPlan.Escort.EscortUntil);
        AssertNoValueIn(allowed, payload);
    }

    [Theory]
    [InlineData("{}", "child.guardian.family_name,child.guardian.organisation,child.guardian.guardian_type")]
    [InlineData("""{"telephone": "+393000000000"}""", "child.guardian.family_name,child.guardian.organisation,child.guardian.guardian_type")]
    [InlineData("""{"familyName": "ESEMPIO"}""", "child.guardian.guardian_type")]
    [InlineData("""{"givenNames": "GIULIA", "guardianType": "GUARDIAN_TYPE_TEMPORARY_GUARDIAN"}""", "child.guardian.family_name,child.guardian.organisation")]
    public void Rule5_a_guardian_without_a_name_or_organisation_and_a_type_is_no_guardian(string guardian, string missing)
    {
        var payload = ChildPlan(guardian);

        var refused = Refused(Default.Evaluate(payload, ToAlbania, Keys));

        Assert.Equal((R5, "POLICY_CHILD_SAFEGUARDS_MISSING"), (refused.RuleId, refused.DetailCode));
        Assert.Equal(Missing(R5, "POLICY_CHILD_SAFEGUARDS_MISSING", missing), Lines(refused));
        AssertNoValueIn(refused, payload);
    }

    [Fact]
    public void Rule5_an_institution_with_a_guardian_type_is_a_guardian()
    {
        var payload = ChildPlan("""{"organisation": "IT-GUARDIANS-REGISTER", "guardianType": "GUARDIAN_TYPE_INSTITUTIONAL"}""");

        Allowed(Default.Evaluate(payload, ToAlbania, Keys));
    }

    [Fact]
    public void Rule5_placeholders_never_satisfy_a_safeguard_white_space_names_and_undefined_or_unspecified_codes()
    {
        // Judged on the rule's own check, so that this holds whatever validation runs before the policy.
        var check = Default.Rules.Single(r => r.Id == R5).Requires[0].Check;
        IMessage Body(Action<ReturnPlan> change)
        {
            var plan = ChildPlan().ReturnPlan;
            change(plan);
            return plan;
        }

        Assert.True(check.Holds(Body(_ => { }), ToAlbania));
        Assert.False(check.Holds(Body(p => p.Child.Guardian.FamilyName = " \t "), ToAlbania));
        Assert.False(check.Holds(Body(p => p.Child.Guardian.GuardianType = (GuardianType)99), ToAlbania));
        Assert.False(check.Holds(Body(p => p.Escort.Role = (EscortRole)99), ToAlbania));
        Assert.False(check.Holds(Body(p => p.Escort.Role = EscortRole.Unspecified), ToAlbania));
        Assert.False(check.Holds(Body(p => p.Escort.EscortUntil = (EscortUntil)99), ToAlbania));
    }

    [Theory]
    [InlineData("""{"role": "ESCORT_ROLE_SOCIAL_WORKER", "escortUntil": "ESCORT_UNTIL_DEPARTURE"}""", "escort.escort_until")]
    [InlineData("""{"role": "ESCORT_ROLE_GUARDIAN"}""", "escort.escort_until")]
    [InlineData("""{"escortUntil": "ESCORT_UNTIL_RECEPTION"}""", "escort.role")]
    [InlineData("""{"organisation": "IT-RETURN-ASSISTANCE"}""", "escort.escort_until,escort.role")]
    [InlineData(null, "escort.escort_until,escort.role")]
    public void Rule5_a_child_travels_with_an_escort_of_a_defined_role_at_least_to_the_arrival_point(string? escort, string missing)
    {
        var payload = ChildPlan(escort: escort);

        var refused = Refused(Default.Evaluate(payload, ToAlbania, Keys));

        Assert.Equal(Missing(R5, "POLICY_CHILD_SAFEGUARDS_MISSING", missing), Lines(refused));
        AssertNoValueIn(refused, payload);
    }

    [Theory]
    [InlineData("""{"familyName": "SHEMBULLI", "givenNames": "DRITA", "nationalities": ["ALB"]}""")] // no date of birth
    [InlineData(null)] // no traveller at all
    [InlineData("""{"familyName": "SHEMBULLI", "dateOfBirth": "2008"}""")] // some day of 2008 is under 18 on 2026-11-20
    [InlineData("""{"familyName": "SHEMBULLI", "dateOfBirth": "2008-11"}""")] // 2008-11-30 is
    [InlineData("""{"familyName": "SHEMBULLI", "dateOfBirth": "2008-11-21"}""")] // 18 tomorrow
    public void Rule5_a_missing_or_partial_date_of_birth_that_may_make_the_traveller_a_minor_makes_the_plan_a_childs(string? traveller)
    {
        var payload = Plan(traveller, child: null, escort: null, givenBy: "CONSENT_GIVER_DATA_SUBJECT");

        var refused = Refused(Default.Evaluate(payload, ToAlbania, Keys));

        Assert.Equal((R5, "POLICY_CHILD_SAFEGUARDS_MISSING"), (refused.RuleId, refused.DetailCode));
        Assert.Contains($"return_plan.child.guardian.family_name REQUIRED_MISSING {R5} POLICY_CHILD_SAFEGUARDS_MISSING", Lines(refused));
        Assert.Contains($"return_plan.consent.given_by REQUIRED_MISSING {R5} POLICY_CHILD_CONSENT_BY_GUARDIAN", Lines(refused));
        AssertNoValueIn(refused, payload);
    }

    [Theory]
    [InlineData("""{"familyName": "SHEMBULLI", "dateOfBirth": "2008-10"}""")] // 18 by 2026-10-31 at the latest
    [InlineData("""{"familyName": "SHEMBULLI", "dateOfBirth": "2008-11-20"}""")] // 18 today
    [InlineData(AdultTraveller)]
    public void Rule5_a_traveller_certainly_18_needs_no_child_safeguards(string traveller)
    {
        var payload = Plan(traveller, child: null, escort: null, givenBy: "CONSENT_GIVER_DATA_SUBJECT");

        var allowed = Allowed(Default.Evaluate(payload, ToAlbania, Keys));

        Assert.DoesNotContain(allowed.Decisions, d => d.RuleId.StartsWith("R5", StringComparison.Ordinal));
    }

    [Fact]
    public void Rule5_a_child_protection_exchange_with_a_telephone_number_for_a_guardian_is_refused()
    {
        var payload = OpenQuestionDecisionTests.ChildExchange(guardian: """{"telephone": "+393000000000"}""");

        var refused = Refused(Default.Evaluate(payload, OpenQuestionDecisionTests.ToChildProtection, Keys));

        Assert.Equal(("R5-child-protection-safeguards", "POLICY_CHILD_SAFEGUARDS_MISSING"), (refused.RuleId, refused.DetailCode));
        Assert.Equal(
            [
                " REFUSED R5-child-protection-safeguards POLICY_CHILD_SAFEGUARDS_MISSING",
                "child_protection_exchange.safeguards.guardian.family_name REQUIRED_MISSING R5-child-protection-safeguards POLICY_CHILD_SAFEGUARDS_MISSING",
                "child_protection_exchange.safeguards.guardian.guardian_type REQUIRED_MISSING R5-child-protection-safeguards POLICY_CHILD_SAFEGUARDS_MISSING",
                "child_protection_exchange.safeguards.guardian.organisation REQUIRED_MISSING R5-child-protection-safeguards POLICY_CHILD_SAFEGUARDS_MISSING",
            ],
            Lines(refused));
        AssertNoValueIn(refused, payload);
    }
}
