using CrossBorder.Contracts.V1;
using CrossBorder.Core.Contracts;
using CrossBorder.Core.Policy;
using CrossBorder.Core.Tests.Support;
using Google.Protobuf;
using static CrossBorder.Core.Tests.Policy.PolicyKit;

namespace CrossBorder.Core.Tests.Policy;

/// <summary>
/// Issue 12, "formats are never checked" and "enums are open": hand-written payloads that carry
/// free text in fields with a declared form are refused before any rule, with INVALID_FORMAT, a
/// FORMAT_ detail code and the field path on a decision line of its own, and never with the value.
/// The payloads are parsed with Google.Protobuf's own JSON parser (which keeps what it is given)
/// or decoded from hand-encoded protobuf bytes, so the validation is the only guard.
/// </summary>
public class PayloadFormatTests
{
    private static readonly JsonParser Google = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(false));

    public static TheoryData<string, string, string, string> HostileValues() => new()
    {
        // A name in a language code, narrative in a retention date, a street address in a municipality.
        { """{"identityConfirmationRequest": {"languages": ["sq", "DRITA SHEMBULLI"]}}""", "identity_confirmation_request.languages[1]", "FORMAT_LANGUAGE", "DRITA SHEMBULLI" },
        { """{"identityConfirmationRequest": {"languages": ["xx"]}}""", "identity_confirmation_request.languages[0]", "FORMAT_LANGUAGE", "\"xx\"" },
        { """{"returnPlan": {"retention": {"erasureDate": "when she is safe in Elbasan"}}}""", "return_plan.retention.erasure_date", "FORMAT_DATE", "safe in Elbasan" },
        { """{"returnRiskAssessment": {"municipality": "Rruga e Shembullit 1, Elbasan"}}""", "return_risk_assessment.municipality", "FORMAT_SUBDIVISION", "Rruga e Shembullit" },
        { """{"returnPlan": {"destinationMunicipality": "AL-SAFEHOUSE"}}""", "return_plan.destination_municipality", "FORMAT_SUBDIVISION", "SAFEHOUSE" },
        { """{"returnPlan": {"destinationMunicipality": "ZZ-11"}}""", "return_plan.destination_municipality", "FORMAT_SUBDIVISION", "ZZ-11" },
        // A name or a made-up code in a nationality, a document issuer and a country of birth.
        { """{"identityConfirmationRequest": {"person": {"nationalities": ["ALB", "SHE"]}}}""", "identity_confirmation_request.person.nationalities[1]", "FORMAT_COUNTRY", "SHE\"" },
        { """{"identityConfirmationRequest": {"evidence": [{"issuingState": "ALB"}, {"issuingState": "Drita"}]}}""", "identity_confirmation_request.evidence[1].issuing_state", "FORMAT_COUNTRY", "Drita" },
        { """{"caseReferral": {"nationality": "alb"}}""", "case_referral.nationality", "FORMAT_COUNTRY", "\"alb\"" },
        // Dates that are no dates: narrative in a statistics period, a follow-up date that does not exist, a year out of range.
        { """{"aggregateStatistics": {"periodStart": "Drita, born 2004-05-17"}}""", "aggregate_statistics.period_start", "FORMAT_DATE", "Drita" },
        { """{"receptionConfirmation": {"nextFollowUpOn": "2027-02-30"}}""", "reception_confirmation.next_follow_up_on", "FORMAT_DATE", "2027-02-30" },
        { """{"identityConfirmationRequest": {"person": {"dateOfBirth": "1066"}}}""", "identity_confirmation_request.person.date_of_birth", "FORMAT_DATE", "1066" },
        { """{"identityConfirmationRequest": {"answerNeededBy": "2026-1-5"}}""", "identity_confirmation_request.answer_needed_by", "FORMAT_DATE", "2026-1-5" },
        { """{"returnPlan": {"consent": {"givenAt": "2026-10-20T15:05:00"}}}""", "return_plan.consent.given_at", "FORMAT_DATE_TIME", "15:05:00" },
        { """{"returnPlan": {"departureAt": "2026-11-28T25:00:00Z"}}""", "return_plan.departure_at", "FORMAT_DATE_TIME", "25:00:00" },
        { """{"correctionOrWithdrawalNotice": {"effectiveAt": "the day she withdrew"}}""", "correction_or_withdrawal_notice.effective_at", "FORMAT_DATE_TIME", "she withdrew" },
        // Participants, message ids.
        { """{"returnPlan": {"consent": {"recipients": ["AL/NCP", "ZZ/NCP"]}}}""", "return_plan.consent.recipients[1]", "FORMAT_PARTICIPANT", "ZZ/NCP" },
        { """{"correctionOrWithdrawalNotice": {"messageReferences": ["4BE1C0D2A9F34E7C8D6B5A4F3E2D1C0B"]}}""", "correction_or_withdrawal_notice.message_references[0]", "FORMAT_MESSAGE_ID", "4BE1C0D2A9F34E7C8D6B5A4F3E2D1C0B" },
        // Names in the character set of travel documents; places without street addresses.
        { """{"returnPlan": {"traveller": {"familyName": "SHEMBULLI 17.05.2004"}}}""", "return_plan.traveller.family_name", "FORMAT_PERSON_NAME", "17.05.2004" },
        { """{"identityConfirmationRequest": {"person": {"aliases": ["DITA", "<b>LULE</b>"]}}}""", "identity_confirmation_request.person.aliases[1]", "FORMAT_PERSON_NAME", "LULE" },
        { """{"identityConfirmationRequest": {"person": {"placeOfBirth": "Rruga e Shembullit 1, Fshati"}}}""", "identity_confirmation_request.person.place_of_birth", "FORMAT_PLACE_NAME", "Rruga e Shembullit" },
        { """{"returnPlan": {"route": [{"fromPlace": "BRI"}, {"toPlace": "Safe house behind the church, Rruga 4"}]}}""", "return_plan.route[1].to_place", "FORMAT_PLACE_NAME", "Safe house" },
        // Document numbers, references, telephone, e-mail.
        { """{"returnPlan": {"travelDocument": {"documentNumber": "ZZ 000 (copy kept by employer)"}}}""", "return_plan.travel_document.document_number", "FORMAT_DOCUMENT_NUMBER", "employer" },
        { """{"identityConfirmationResponse": {"consularReference": "file of Drita Shembulli"}}""", "identity_confirmation_response.consular_reference", "FORMAT_REFERENCE", "Drita" },
        { """{"returnPlan": {"route": [{"carrierReference": "XX1234 seat 14C next to the escort"}]}}""", "return_plan.route[0].carrier_reference", "FORMAT_REFERENCE", "seat 14C" },
        { """{"childProtectionExchange": {"safeguards": {"guardian": {"telephone": "call after 6pm"}}}}""", "child_protection_exchange.safeguards.guardian.telephone", "FORMAT_TELEPHONE", "after 6pm" },
        { """{"childProtectionExchange": {"safeguards": {"guardian": {"email": "giulia at guardians"}}}}""", "child_protection_exchange.safeguards.guardian.email", "FORMAT_EMAIL", "giulia" },
        // Organisations (rule 7): an id of bounded form, and one the policy's list names.
        { """{"returnPlan": {"escort": {"organisation": "Safe house at Rruga e Shembullit 1"}}}""", "return_plan.escort.organisation", "FORMAT_ORGANISATION", "Rruga e Shembullit" },
        { """{"returnPlan": {"receptionOrganisation": "AL-SAFEHOUSE-RRUGA-1"}}""", "return_plan.reception_organisation", "FORMAT_ORGANISATION_UNKNOWN", "SAFEHOUSE" },
        { """{"childProtectionExchange": {"safeguards": {"guardian": {"organisation": "Giulia Esempio, Via Roma 1"}}}}""", "child_protection_exchange.safeguards.guardian.organisation", "FORMAT_ORGANISATION", "Via Roma" },
        { """{"childProtectionExchange": {"familyTracing": {"tracingOrganisation": "the uncle in Elbasan"}}}""", "child_protection_exchange.family_tracing.tracing_organisation", "FORMAT_ORGANISATION", "uncle" },
        // Free text: a stated maximum, no control characters.
        { """{"returnRiskAssessment": {"currentShelterAddress": "LONGADDRESS""" + new string('x', 200) + "\"}}", "return_risk_assessment.current_shelter_address", "FORMAT_TOO_LONG", "LONGADDRESS" },
        { """{"returnPlan": {"remarks": "hand-over\u0000SECRET-AFTER-NUL"}}""", "return_plan.remarks", "FORMAT_TEXT", "SECRET-AFTER-NUL" },
        { """{"aggregateStatistics": {"cells": [{"dimensions": [{"dimension": "STATISTICS_DIMENSION_SEX", "code": "F, DRITA SHEMBULLI, passport ZZ0000017"}]}]}}""", "aggregate_statistics.cells[0].dimensions[0].code", "FORMAT_TOO_LONG", "ZZ0000017" },
    };

    [Theory]
    [MemberData(nameof(HostileValues))]
    public void A_value_not_in_its_declared_form_is_refused_invalid_format_naming_the_field_never_the_value(string json, string path, string detail, string hostile)
    {
        var refused = Refused(Judge(json));

        Assert.Equal(ReasonCode.InvalidFormat, refused.Reason);
        Assert.Equal("payload-format", refused.RuleId);
        Assert.Equal(detail, refused.DetailCode);
        Assert.Contains($"{path} REFUSED payload-format {detail}", Lines(refused));
        Assert.All(refused.Decisions, d => Assert.Equal(ReasonCode.InvalidFormat, d.Reason));
        var exception = refused.ToException();
        Assert.Equal(ReasonCode.InvalidFormat, exception.Reason);
        Assert.Contains(path, exception.Message, StringComparison.Ordinal);
        NoValueIn(refused, hostile);
    }

    [Theory]
    [MemberData(nameof(HostileValues))]
    public void The_inbound_evaluation_refuses_the_same_values_with_the_same_code_and_path(string json, string path, string detail, string hostile)
    {
        var payload = Google.Parse<CasePayload>(json);

        var verdict = Default.EvaluateInbound(payload, Context(PayloadSchema.TypeOf(payload), "AL/NCP", Purpose.ReturnCoordination));

        Assert.False(verdict.Accepted);
        Assert.Equal((ReasonCode.InvalidFormat, detail, path), (verdict.Reason, verdict.DetailCode, verdict.FieldPath));
        var exception = verdict.ToException();
        Assert.Equal(ReasonCode.InvalidFormat, exception.Reason);
        Assert.DoesNotContain(hostile, exception.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"returnPlan": {"onwardTransfer": 7}}""", "return_plan.onward_transfer")]
    [InlineData("""{"returnPlan": {"escort": {"role": 99}}}""", "return_plan.escort.role")]
    [InlineData("""{"lawEnforcementInformation": {"handlingCode": 99}}""", "law_enforcement_information.handling_code")]
    [InlineData("""{"lawEnforcementInformation": {"handlingCode": "HANDLING_CODE_H0", "informationEvaluation": 42}}""", "law_enforcement_information.information_evaluation")]
    [InlineData("""{"returnRiskAssessment": {"riskFactors": ["RISK_FACTOR_THREATS_RECEIVED", 77]}}""", "return_risk_assessment.risk_factors[1]")]
    public void An_enum_number_the_enum_does_not_name_is_refused_even_where_a_rule_would_default_or_accept_it(string json, string path)
    {
        var refused = Refused(Judge(json));

        Assert.Equal((ReasonCode.InvalidFormat, "FORMAT_ENUM_UNDEFINED"), (refused.Reason, refused.DetailCode));
        Assert.Contains($"{path} REFUSED payload-format FORMAT_ENUM_UNDEFINED", Lines(refused));
    }

    [Fact]
    public void A_payload_with_several_bad_fields_gets_a_decision_line_for_each_in_payload_order()
    {
        var refused = Refused(Judge("""
            {"returnPlan": {"traveller": {"familyName": "SHEMBULLI 2004", "nationalities": ["ALB", "XYZ"]},
                            "destinationMunicipality": "Elbasan centre", "onwardTransfer": 7}}
            """));

        Assert.Equal(
            [
                " REFUSED payload-format FORMAT_PERSON_NAME",
                "return_plan.traveller.family_name REFUSED payload-format FORMAT_PERSON_NAME",
                "return_plan.traveller.nationalities[1] REFUSED payload-format FORMAT_COUNTRY",
                "return_plan.destination_municipality REFUSED payload-format FORMAT_SUBDIVISION",
                "return_plan.onward_transfer REFUSED payload-format FORMAT_ENUM_UNDEFINED",
            ],
            refused.Decisions.Select(d => $"{d.FieldPath} {d.Action} {d.RuleId} {d.DetailCode}"));
        Assert.StartsWith("4 field(s) not in their declared form, first return_plan.traveller.family_name", refused.ToException().Message, StringComparison.Ordinal);
    }

    [Fact]
    public void A_30_kB_route_and_2_MB_strings_are_refused_by_their_length_at_once()
    {
        var route = new string('R', 30 * 1024);
        var huge = new string('N', 2 * 1024 * 1024);
        var json = "{\"returnPlan\": {\"route\": [{\"fromPlace\": \"" + route + "\"}], \"remarks\": \"" + huge
            + "\", \"traveller\": {\"nationalities\": [\"" + huge + "\"]}}}";
        var started = System.Diagnostics.Stopwatch.StartNew();

        var refused = Refused(Judge(json));

        Assert.True(started.Elapsed < TimeSpan.FromSeconds(2), $"validation took {started.Elapsed}");
        Assert.Equal(
            [
                " REFUSED payload-format FORMAT_COUNTRY",
                "return_plan.remarks REFUSED payload-format FORMAT_TOO_LONG",
                "return_plan.route[0].from_place REFUSED payload-format FORMAT_PLACE_NAME",
                "return_plan.traveller.nationalities[0] REFUSED payload-format FORMAT_COUNTRY",
            ],
            Lines(refused));
        NoValueIn(refused, "RRRRRRRR");
        NoValueIn(refused, "NNNNNNNN");
    }

    [Fact]
    public void Hand_encoded_protobuf_bytes_with_free_text_in_formatted_fields_are_refused_the_same_way()
    {
        // CasePayload.return_risk_assessment (4) { municipality (3): a street address }, and
        // CasePayload.identity_confirmation_request (2) { person (1) { nationalities (8): a name } }.
        byte[] assessment = ProtoBytes.LenField(4, ProtoBytes.TextField(3, "Rruga e Shembullit 1, Elbasan"));
        byte[] request = ProtoBytes.LenField(2, ProtoBytes.LenField(1, [.. ProtoBytes.TextField(8, "ALB"), .. ProtoBytes.TextField(8, "DRITA")]));

        foreach (var (bytes, path, detail) in new[]
        {
            (assessment, "return_risk_assessment.municipality", "FORMAT_SUBDIVISION"),
            (request, "identity_confirmation_request.person.nationalities[1]", "FORMAT_COUNTRY"),
        })
        {
            Assert.Null(UnknownFields.Find(CasePayload.Descriptor, bytes));
            var refused = Refused(Judge(CasePayload.Parser.ParseFrom(bytes)));
            Assert.Equal((ReasonCode.InvalidFormat, detail), (refused.Reason, refused.DetailCode));
            Assert.Contains($"{path} REFUSED payload-format {detail}", Lines(refused));
            NoValueIn(refused, "Shembullit");
            NoValueIn(refused, "DRITA");
        }
    }

    [Fact]
    public void An_undefined_enum_number_in_protobuf_bytes_is_refused_at_the_entry_and_again_by_the_validation()
    {
        // CasePayload.return_plan (5) { onward_transfer (14): 7 }
        byte[] bytes = ProtoBytes.LenField(5, ProtoBytes.VarintField(14, 7));

        Assert.Equal("CasePayload.return_plan.onward_transfer", UnknownFields.Find(CasePayload.Descriptor, bytes));
        var refused = Refused(Judge(CasePayload.Parser.ParseFrom(bytes)));
        Assert.Equal((ReasonCode.InvalidFormat, "FORMAT_ENUM_UNDEFINED"), (refused.Reason, refused.DetailCode));
        Assert.Contains("return_plan.onward_transfer REFUSED payload-format FORMAT_ENUM_UNDEFINED", Lines(refused));
    }

    [Theory]
    [InlineData("""{"identityConfirmationRequest": {"person": {"familyName": "ÇELA-D'ANGELO", "givenNames": "Ëlira Mïrë", "nationalities": ["XXB", "XXC", "XKX", "ITA"], "dateOfBirth": "2004"}, "languages": ["sq", "rmy"]}}""")]
    [InlineData("""{"returnPlan": {"departureAt": "2026-11-28T10:00:00.125+01:00", "arrivalAt": "2026-11-28T23:59:59Z", "destinationMunicipality": "AL-11", "route": [{"fromPlace": "L'Aquila", "toPlace": "St. Gallen", "carrierReference": "XX1234"}]}}""")]
    [InlineData("""{"receptionConfirmation": {"arrivedAt": "2026-11-28", "nextFollowUpOn": "2028-02-29"}}""")]
    [InlineData("""{"childProtectionExchange": {"consent": {"recipients": ["AL/CHILD_PROTECTION"]}, "safeguards": {"guardian": {"organisation": "IT-GUARDIANS-REGISTER", "telephone": "+393000000000", "email": "g.esempio@guardians.example"}}}}""")]
    public void Values_in_their_declared_form_pass_the_validation(string json)
    {
        var outcome = Judge(json);

        Assert.False(outcome is PolicyRefused { Reason: ReasonCode.InvalidFormat } refused, $"refused: {string.Join(", ", Lines(outcome))}");
    }

    [Fact]
    public void Every_example_payload_is_in_its_declared_form_under_the_default_policy()
    {
        foreach (var name in Directory.GetFiles(Path.Combine(AppContext.BaseDirectory, "TestData", "payloads"), "*.json").Select(Path.GetFileNameWithoutExtension))
        {
            var problems = CrossBorder.Core.Policy.Formats.PayloadValidator.Validate(Example(name!), Default.Organisations);

            Assert.True(problems.Count == 0, $"{name}: {string.Join(", ", problems)}");
        }
    }

    private static PolicyOutcome Judge(string json) => Judge(Google.Parse<CasePayload>(json));

    private static PolicyOutcome Judge(CasePayload payload) =>
        Default.Evaluate(payload, Context(PayloadSchema.TypeOf(payload), "AL/NCP", Purpose.ReturnCoordination), Keys);

    private static void NoValueIn(PolicyRefused refused, string value)
    {
        var texts = refused.Decisions.Select(d => d.ToString()).Append(refused.ToException().Message).Append(refused.ToException().ToRejectionLine());
        Assert.All(texts, t => Assert.DoesNotContain(value, t, StringComparison.Ordinal));
    }
}
