using System.Text;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Contracts;
using CrossBorder.Core.Errors;

namespace CrossBorder.Core.Tests.Contracts;

/// <summary>
/// The one reader of payload JSON (issue 12: "the last key wins" is the bug; a parse error names
/// the field path and the problem, never the value). Every input is hand-written JSON text.
/// </summary>
public class PayloadJsonTests
{
    [Theory]
    // The protection flag given true, then false: the last key must not win (rule 2).
    [InlineData("""{"identityConfirmationRequest": {"internationalProtection": true, "internationalProtection": false}}""", "identity_confirmation_request.international_protection")]
    // The same field under its JSON name and its proto name.
    [InlineData("""{"identityConfirmationRequest": {"international_protection": true, "internationalProtection": false}}""", "identity_confirmation_request.international_protection")]
    [InlineData("""{"returnPlan": {"traveller": {"familyName": "SHEMBULLI", "family_name": "OTHER"}}}""", "return_plan.traveller.family_name")]
    // At depth, inside an element of a repeated field.
    [InlineData("""{"returnPlan": {"route": [{"fromPlace": "BRI"}, {"toPlace": "TIA", "toPlace": "HIDDEN"}]}}""", "return_plan.route[1].to_place")]
    [InlineData("""{"childProtectionExchange": {"safeguards": {"familySuspectedOfInvolvement": true, "guardian": {}, "familySuspectedOfInvolvement": false}}}""", "child_protection_exchange.safeguards.family_suspected_of_involvement")]
    // A message given twice, and a whole repeated field given twice.
    [InlineData("""{"returnPlan": {"consent": {"recipients": ["AL/NCP"]}, "consent": {"recipients": ["AL/POLICE"]}}}""", "return_plan.consent")]
    [InlineData("""{"returnPlan": {"traveller": {"nationalities": ["ALB"], "nationalities": ["XXB"]}}}""", "return_plan.traveller.nationalities")]
    public void A_field_given_twice_at_any_depth_is_refused_malformed_naming_its_path(string json, string path)
    {
        var refusal = Refuse(json);

        Assert.Equal(ReasonCode.Malformed, refusal.Reason);
        Assert.Equal($"test.json: {path}: the field is given more than once", refusal.Message);
    }

    [Fact]
    public void Two_message_bodies_are_refused_as_a_second_member_of_the_oneof()
    {
        var refusal = Refuse("""{"returnPlan": {}, "caseReferral": {"summary": "HIDDEN"}}""");

        Assert.Equal(ReasonCode.Malformed, refusal.Reason);
        Assert.Equal("test.json: case_referral: a second member of the oneof body", refusal.Message);
    }

    [Theory]
    [InlineData("""{"returnPlan": {"onwardTransfer": 7}}""", "return_plan.onward_transfer", "crossborder.v1.OnwardTransfer")]
    [InlineData("""{"lawEnforcementInformation": {"handlingCode": 99}}""", "law_enforcement_information.handling_code", "crossborder.v1.HandlingCode")]
    [InlineData("""{"lawEnforcementInformation": {"informationEvaluation": 42}}""", "law_enforcement_information.information_evaluation", "crossborder.v1.InformationEvaluation")]
    [InlineData("""{"returnPlan": {"escort": {"role": 99}}}""", "return_plan.escort.role", "crossborder.v1.EscortRole")]
    [InlineData("""{"returnRiskAssessment": {"riskFactors": [1, 77]}}""", "return_risk_assessment.risk_factors[1]", "crossborder.v1.RiskFactor")]
    [InlineData("""{"returnPlan": {"escort": {"role": "ESCORT_ROLE_UNCLE"}}}""", "return_plan.escort.role", "crossborder.v1.EscortRole")]
    public void An_enum_value_the_enum_does_not_define_is_refused_unknown_field_as_in_binary(string json, string path, string enumName)
    {
        var refusal = Refuse(json);

        Assert.Equal(ReasonCode.UnknownField, refusal.Reason);
        Assert.Equal($"test.json: {path}: a value the enum {enumName} does not define", refusal.Message);
        Assert.DoesNotContain("UNCLE", refusal.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"returnPlan": {"shoeSize": 38}}""", ReasonCode.UnknownField, "return_plan.'shoeSize': not a field of crossborder.v1.ReturnPlan")]
    [InlineData("""{"returnPlan": {"Drita Shembulli, Rruga 1": 38}}""", ReasonCode.UnknownField, "return_plan.(a key that is no field name): not a field of crossborder.v1.ReturnPlan")]
    [InlineData("""{"returnPlan": {"traveller": {"nationalities": "ALB SECRET"}}}""", ReasonCode.Malformed, "return_plan.traveller.nationalities: must be a list")]
    [InlineData("""{"returnPlan": {"traveller": {"nationalities": ["ALB", null]}}}""", ReasonCode.Malformed, "return_plan.traveller.nationalities[1]: a list element cannot be null")]
    [InlineData("""{"returnPlan": {"ageUncertain": "SECRET"}}""", ReasonCode.Malformed, "return_plan.age_uncertain: must be true or false")]
    [InlineData("""{"returnPlan": {"traveller": "SECRET"}}""", ReasonCode.Malformed, "return_plan.traveller: must be an object")]
    [InlineData("""{"returnPlan": {"remarks": 12345}}""", ReasonCode.Malformed, "return_plan.remarks: must be a string")]
    [InlineData("""{"aggregateStatistics": {"cells": [{"count": -1}]}}""", ReasonCode.Malformed, "aggregate_statistics.cells[0].count: must be a whole number in the field's range")]
    [InlineData("""{"aggregateStatistics": {"cells": [{"count": "SECRET"}]}}""", ReasonCode.Malformed, "aggregate_statistics.cells[0].count: must be a whole number in the field's range")]
    public void A_key_or_value_of_the_wrong_kind_is_refused_naming_the_path_and_the_problem(string json, ReasonCode reason, string expected)
    {
        var refusal = Refuse(json);

        Assert.Equal(reason, refusal.Reason);
        Assert.Equal($"test.json: {expected}", refusal.Message);
        Assert.DoesNotContain("SECRET", refusal.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("Drita", refusal.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"returnPlan": {"remarks": "SECRET" "x"}}""")]
    [InlineData("""{"returnPlan": {"remarks": "SECRET",}}""")]
    [InlineData("""{"returnPlan": {/* SECRET */}}""")]
    [InlineData("""{"returnPlan": {"remarks": 'SECRET'}}""")]
    [InlineData("""{"returnPlan": {}} {"SECRET": 1}""")]
    [InlineData("""["SECRET"]""")]
    public void Json_that_is_not_well_formed_is_refused_malformed_with_a_position_never_the_text(string json)
    {
        var refusal = Refuse(json);

        Assert.Equal(ReasonCode.Malformed, refusal.Reason);
        Assert.StartsWith("test.json: ", refusal.Message, StringComparison.Ordinal);
        Assert.DoesNotContain("SECRET", refusal.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_string_that_is_not_valid_unicode_is_refused_malformed()
    {
        byte[] invalidUtf8 = [.. "{\"returnPlan\": {\"remarks\": \"SECRET"u8, 0xC3, 0x28, .. "\"}}"u8];
        const string LoneSurrogate = """{"returnPlan": {"traveller": {"familyName": "SECRET\ud800"}}}""";

        Assert.Equal(ReasonCode.Malformed, Refuse(invalidUtf8).Reason);
        var surrogate = Refuse(Encoding.UTF8.GetBytes(LoneSurrogate));
        Assert.Equal(ReasonCode.Malformed, surrogate.Reason);
        Assert.DoesNotContain("SECRET", surrogate.Message, StringComparison.Ordinal);
    }

    [Fact]
    public void Nesting_beyond_any_payload_is_refused_malformed()
    {
        var json = new string('[', 5000) + new string(']', 5000);

        Assert.Equal(ReasonCode.Malformed, Refuse("{\"returnPlan\": {\"route\": " + json + "}}").Reason);
    }

    [Fact]
    public void An_empty_object_has_no_message_body()
    {
        Assert.Equal("test.json: the payload holds no message body (e.g. {\"identityConfirmationRequest\": {...}})", Refuse("{}").Message);
    }

    [Fact]
    public void A_payload_in_protobuf_json_is_read_with_either_field_name_enum_names_numbers_and_nulls()
    {
        var payload = PayloadJson.Read(
            "\uFEFF{\"returnPlan\": {\"traveller\": {\"family_name\": \"SHEMBULLI\", \"nationalities\": [\"ALB\"]}, \"onwardTransfer\": 1, \"escort\": {\"role\": \"ESCORT_ROLE_SOCIAL_WORKER\"}, \"remarks\": null}}"u8,
            "test.json");

        Assert.Equal("SHEMBULLI", payload.ReturnPlan.Traveller.FamilyName);
        Assert.Equal(OnwardTransfer.OriginatorPermissionRequired, payload.ReturnPlan.OnwardTransfer);
        Assert.Equal(EscortRole.SocialWorker, payload.ReturnPlan.Escort.Role);
        Assert.Equal("", payload.ReturnPlan.Remarks);
    }

    private static RejectedException Refuse(string json) => Refuse(Encoding.UTF8.GetBytes(json));

    private static RejectedException Refuse(byte[] json) => Assert.Throws<RejectedException>(() => PayloadJson.Read(json, "test.json"));
}
