using CrossBorder.Contracts.V1;
using Google.Protobuf.Reflection;

namespace CrossBorder.Core.Tests.Contracts;

/// <summary>
/// The minimization policy reasons over the data class of every payload field. These tests
/// make the classification a deliberate, reviewed decision: no field may go unclassified, and
/// every personal field must be classified as the reference table below says.
/// </summary>
public class DataClassTests
{
    /// <summary>
    /// The reviewer's independent statement of what each field reveals. Every field whose class
    /// is not NONE must appear here; some NONE fields are listed too, where NONE is a decision
    /// worth pinning (codes and references next to personal data).
    /// </summary>
    private static readonly Dictionary<string, DataClass> ReferenceTable = new(StringComparer.Ordinal)
    {
        // Retention: dates about the record, not about the person.
        ["crossborder.v1.Retention.review_date"] = DataClass.None,
        ["crossborder.v1.Retention.erasure_date"] = DataClass.None,

        // ConsentRecord: the consent and its scope; its id means nothing outside the sender.
        ["crossborder.v1.ConsentRecord.consent_reference"] = DataClass.None,
        ["crossborder.v1.ConsentRecord.purposes"] = DataClass.Consent,
        ["crossborder.v1.ConsentRecord.recipients"] = DataClass.Consent,
        ["crossborder.v1.ConsentRecord.given_at"] = DataClass.Consent,
        ["crossborder.v1.ConsentRecord.withdrawn_at"] = DataClass.Consent,
        ["crossborder.v1.ConsentRecord.explicit_health_consent"] = DataClass.Consent,
        ["crossborder.v1.ConsentRecord.given_by"] = DataClass.Consent,
        ["crossborder.v1.ConsentRecord.information_language"] = DataClass.Consent,

        // PersonIdentity: everything identifies.
        ["crossborder.v1.PersonIdentity.family_name"] = DataClass.Identity,
        ["crossborder.v1.PersonIdentity.given_names"] = DataClass.Identity,
        ["crossborder.v1.PersonIdentity.aliases"] = DataClass.Identity,
        ["crossborder.v1.PersonIdentity.date_of_birth"] = DataClass.Identity,
        ["crossborder.v1.PersonIdentity.place_of_birth"] = DataClass.Identity,
        ["crossborder.v1.PersonIdentity.country_of_birth"] = DataClass.Identity,
        ["crossborder.v1.PersonIdentity.sex"] = DataClass.Identity,
        ["crossborder.v1.PersonIdentity.nationalities"] = DataClass.Identity,
        ["crossborder.v1.PersonIdentity.father_given_name"] = DataClass.Identity,
        ["crossborder.v1.PersonIdentity.mother_given_name"] = DataClass.Identity,

        // TravelDocument: the number, issuer and dates identify; the document type does not.
        ["crossborder.v1.TravelDocument.document_type"] = DataClass.None,
        ["crossborder.v1.TravelDocument.document_number"] = DataClass.Identity,
        ["crossborder.v1.TravelDocument.issuing_state"] = DataClass.Identity,
        ["crossborder.v1.TravelDocument.date_of_issue"] = DataClass.Identity,
        ["crossborder.v1.TravelDocument.date_of_expiry"] = DataClass.Identity,
        ["crossborder.v1.TravelDocument.original_seen"] = DataClass.None,

        // ExploitationDetails: form and circumstances, offences under coercion.
        ["crossborder.v1.ExploitationDetails.forms"] = DataClass.Exploitation,
        ["crossborder.v1.ExploitationDetails.countries_of_exploitation"] = DataClass.Exploitation,
        ["crossborder.v1.ExploitationDetails.period_start"] = DataClass.Exploitation,
        ["crossborder.v1.ExploitationDetails.period_end"] = DataClass.Exploitation,
        ["crossborder.v1.ExploitationDetails.offences_under_coercion"] = DataClass.Exploitation,

        // HealthInformation: coded needs and diagnosis alike are health data.
        ["crossborder.v1.HealthInformation.needs"] = DataClass.Health,
        ["crossborder.v1.HealthInformation.diagnosis"] = DataClass.Health,
        ["crossborder.v1.HealthInformation.fit_to_travel"] = DataClass.Health,
        ["crossborder.v1.HealthInformation.medical_escort_required"] = DataClass.Health,

        // Guardian: guardianship facts about the child; the guardian's phone and mail reach a person.
        ["crossborder.v1.Guardian.family_name"] = DataClass.Child,
        ["crossborder.v1.Guardian.given_names"] = DataClass.Child,
        ["crossborder.v1.Guardian.guardian_type"] = DataClass.Child,
        ["crossborder.v1.Guardian.organisation"] = DataClass.Child,
        ["crossborder.v1.Guardian.appointed_on"] = DataClass.Child,
        ["crossborder.v1.Guardian.telephone"] = DataClass.Contact,
        ["crossborder.v1.Guardian.email"] = DataClass.Contact,

        // ChildViews: the record is a child fact; the summary is free text.
        ["crossborder.v1.ChildViews.heard"] = DataClass.Child,
        ["crossborder.v1.ChildViews.heard_on"] = DataClass.Child,
        ["crossborder.v1.ChildViews.view_on_return"] = DataClass.Child,
        ["crossborder.v1.ChildViews.summary"] = DataClass.Narrative,

        // ChildSafeguards: the family assessment and suspicion are family data, the rest child data.
        ["crossborder.v1.ChildSafeguards.guardian"] = DataClass.Child,
        ["crossborder.v1.ChildSafeguards.best_interests_decision"] = DataClass.Child,
        ["crossborder.v1.ChildSafeguards.best_interests_decided_on"] = DataClass.Child,
        ["crossborder.v1.ChildSafeguards.child_views"] = DataClass.Child,
        ["crossborder.v1.ChildSafeguards.family_assessment"] = DataClass.Family,
        ["crossborder.v1.ChildSafeguards.family_suspected_of_involvement"] = DataClass.Family,
        ["crossborder.v1.ChildSafeguards.alternative_care_arranged"] = DataClass.Child,

        // AgeAssessment: all of it exists because the person may be a child.
        ["crossborder.v1.AgeAssessment.assessed_age_band"] = DataClass.Child,
        ["crossborder.v1.AgeAssessment.age_uncertain"] = DataClass.Child,
        ["crossborder.v1.AgeAssessment.method"] = DataClass.Child,
        ["crossborder.v1.AgeAssessment.assessed_on"] = DataClass.Child,

        // FamilyMember and FamilyTracing: family-tracing data, names and places included.
        ["crossborder.v1.FamilyMember.relationship"] = DataClass.Family,
        ["crossborder.v1.FamilyMember.family_name"] = DataClass.Family,
        ["crossborder.v1.FamilyMember.given_names"] = DataClass.Family,
        ["crossborder.v1.FamilyMember.date_of_birth"] = DataClass.Family,
        ["crossborder.v1.FamilyMember.last_known_subdivision"] = DataClass.Family,
        ["crossborder.v1.FamilyMember.contact_established"] = DataClass.Family,
        ["crossborder.v1.FamilyTracing.status"] = DataClass.Family,
        ["crossborder.v1.FamilyTracing.members"] = DataClass.Family,
        ["crossborder.v1.FamilyTracing.tracing_organisation"] = DataClass.None,

        // 1. CaseReferral
        ["crossborder.v1.CaseReferral.subject_pseudonym"] = DataClass.Pseudonym,
        ["crossborder.v1.CaseReferral.data_subject_category"] = DataClass.VictimStatus,
        ["crossborder.v1.CaseReferral.victim_status"] = DataClass.VictimStatus,
        ["crossborder.v1.CaseReferral.identified_on"] = DataClass.VictimStatus,
        ["crossborder.v1.CaseReferral.sex"] = DataClass.Identity,
        ["crossborder.v1.CaseReferral.age_band"] = DataClass.Identity,
        ["crossborder.v1.CaseReferral.age_uncertain"] = DataClass.Child,
        ["crossborder.v1.CaseReferral.nationality"] = DataClass.Identity,
        ["crossborder.v1.CaseReferral.exploitation"] = DataClass.Exploitation,
        ["crossborder.v1.CaseReferral.requested_services"] = DataClass.Consent,
        ["crossborder.v1.CaseReferral.consent"] = DataClass.Consent,
        ["crossborder.v1.CaseReferral.summary"] = DataClass.Narrative,
        ["crossborder.v1.CaseReferral.onward_transfer"] = DataClass.None,
        ["crossborder.v1.CaseReferral.retention"] = DataClass.None,

        // 2. IdentityConfirmationRequest
        ["crossborder.v1.IdentityConfirmationRequest.person"] = DataClass.Identity,
        ["crossborder.v1.IdentityConfirmationRequest.data_subject_category"] = DataClass.VictimStatus,
        ["crossborder.v1.IdentityConfirmationRequest.languages"] = DataClass.Identity,
        ["crossborder.v1.IdentityConfirmationRequest.evidence"] = DataClass.Identity,
        ["crossborder.v1.IdentityConfirmationRequest.photo"] = DataClass.Biometric,
        ["crossborder.v1.IdentityConfirmationRequest.fingerprints"] = DataClass.Biometric,
        ["crossborder.v1.IdentityConfirmationRequest.international_protection"] = DataClass.ProtectionStatus,
        ["crossborder.v1.IdentityConfirmationRequest.emergency_travel_document_requested"] = DataClass.None,
        ["crossborder.v1.IdentityConfirmationRequest.remarks"] = DataClass.Narrative,

        // 3. IdentityConfirmationResponse
        ["crossborder.v1.IdentityConfirmationResponse.outcome"] = DataClass.None,
        ["crossborder.v1.IdentityConfirmationResponse.reason"] = DataClass.None,
        ["crossborder.v1.IdentityConfirmationResponse.corrected_identity"] = DataClass.Identity,
        ["crossborder.v1.IdentityConfirmationResponse.emergency_travel_document"] = DataClass.Identity,
        ["crossborder.v1.IdentityConfirmationResponse.remarks"] = DataClass.Narrative,

        // 4. ReturnRiskAssessment
        ["crossborder.v1.ReturnRiskAssessment.subject_pseudonym"] = DataClass.Pseudonym,
        ["crossborder.v1.ReturnRiskAssessment.data_subject_category"] = DataClass.VictimStatus,
        ["crossborder.v1.ReturnRiskAssessment.municipality"] = DataClass.Location,
        ["crossborder.v1.ReturnRiskAssessment.current_shelter_address"] = DataClass.Location,
        ["crossborder.v1.ReturnRiskAssessment.risk_level"] = DataClass.VictimStatus,
        ["crossborder.v1.ReturnRiskAssessment.risk_factors"] = DataClass.VictimStatus,
        ["crossborder.v1.ReturnRiskAssessment.basis"] = DataClass.None,
        ["crossborder.v1.ReturnRiskAssessment.safety_plan"] = DataClass.VictimStatus,
        ["crossborder.v1.ReturnRiskAssessment.health"] = DataClass.Health,
        ["crossborder.v1.ReturnRiskAssessment.consent"] = DataClass.Consent,
        ["crossborder.v1.ReturnRiskAssessment.assessment_narrative"] = DataClass.Narrative,

        // 5. ReturnPlan and its parts
        ["crossborder.v1.TravelLeg.mode"] = DataClass.None,
        ["crossborder.v1.TravelLeg.from_place"] = DataClass.Location,
        ["crossborder.v1.TravelLeg.to_place"] = DataClass.Location,
        ["crossborder.v1.TravelLeg.carrier_reference"] = DataClass.Location,
        ["crossborder.v1.Escort.role"] = DataClass.None,
        ["crossborder.v1.Escort.organisation"] = DataClass.None,
        ["crossborder.v1.ReturnPlan.subject_pseudonym"] = DataClass.Pseudonym,
        ["crossborder.v1.ReturnPlan.data_subject_category"] = DataClass.VictimStatus,
        ["crossborder.v1.ReturnPlan.traveller"] = DataClass.Identity,
        ["crossborder.v1.ReturnPlan.travel_document"] = DataClass.Identity,
        ["crossborder.v1.ReturnPlan.departure_at"] = DataClass.Location,
        ["crossborder.v1.ReturnPlan.arrival_at"] = DataClass.Location,
        ["crossborder.v1.ReturnPlan.route"] = DataClass.Location,
        ["crossborder.v1.ReturnPlan.escort"] = DataClass.None,
        ["crossborder.v1.ReturnPlan.reception_organisation"] = DataClass.Location,
        ["crossborder.v1.ReturnPlan.reception_shelter_address"] = DataClass.Location,
        ["crossborder.v1.ReturnPlan.destination_municipality"] = DataClass.Location,
        ["crossborder.v1.ReturnPlan.reception_services"] = DataClass.Consent,
        ["crossborder.v1.ReturnPlan.health"] = DataClass.Health,
        ["crossborder.v1.ReturnPlan.consent"] = DataClass.Consent,
        ["crossborder.v1.ReturnPlan.age_uncertain"] = DataClass.Child,
        ["crossborder.v1.ReturnPlan.child"] = DataClass.Child,
        ["crossborder.v1.ReturnPlan.exploitation"] = DataClass.Exploitation,
        ["crossborder.v1.ReturnPlan.remarks"] = DataClass.Narrative,

        // 6. ReceptionConfirmation
        ["crossborder.v1.ReceptionConfirmation.subject_pseudonym"] = DataClass.Pseudonym,
        ["crossborder.v1.ReceptionConfirmation.data_subject_category"] = DataClass.VictimStatus,
        ["crossborder.v1.ReceptionConfirmation.status"] = DataClass.None,
        ["crossborder.v1.ReceptionConfirmation.decline_reason"] = DataClass.None,
        ["crossborder.v1.ReceptionConfirmation.arrived_at"] = DataClass.Location,
        ["crossborder.v1.ReceptionConfirmation.follow_up"] = DataClass.VictimStatus,

        // 7. ChildProtectionExchange
        ["crossborder.v1.ChildProtectionExchange.child_pseudonym"] = DataClass.Pseudonym,
        ["crossborder.v1.ChildProtectionExchange.data_subject_category"] = DataClass.VictimStatus,
        ["crossborder.v1.ChildProtectionExchange.unaccompanied"] = DataClass.Child,
        ["crossborder.v1.ChildProtectionExchange.age_assessment"] = DataClass.Child,
        ["crossborder.v1.ChildProtectionExchange.safeguards"] = DataClass.Child,
        ["crossborder.v1.ChildProtectionExchange.family_tracing"] = DataClass.Family,
        ["crossborder.v1.ChildProtectionExchange.consent"] = DataClass.Consent,
        ["crossborder.v1.ChildProtectionExchange.case_notes"] = DataClass.Narrative,

        // 8. LawEnforcementInformation and Person: on the police channel, categories are criminal intelligence.
        ["crossborder.v1.Person.person_label"] = DataClass.None,
        ["crossborder.v1.Person.data_subject_category"] = DataClass.Criminal,
        ["crossborder.v1.Person.identity"] = DataClass.Identity,
        ["crossborder.v1.Person.travel_documents"] = DataClass.Identity,
        ["crossborder.v1.Person.suspected_offences"] = DataClass.Criminal,
        ["crossborder.v1.Person.network_roles"] = DataClass.Criminal,
        ["crossborder.v1.Person.telephone_numbers"] = DataClass.Contact,
        ["crossborder.v1.Person.last_known_subdivision"] = DataClass.Location,
        ["crossborder.v1.LawEnforcementInformation.handling_code"] = DataClass.None,
        ["crossborder.v1.LawEnforcementInformation.handling_conditions"] = DataClass.Narrative,
        ["crossborder.v1.LawEnforcementInformation.source_reliability"] = DataClass.None,
        ["crossborder.v1.LawEnforcementInformation.information_evaluation"] = DataClass.None,
        ["crossborder.v1.LawEnforcementInformation.investigation_reference"] = DataClass.Criminal,
        ["crossborder.v1.LawEnforcementInformation.offences"] = DataClass.Criminal,
        ["crossborder.v1.LawEnforcementInformation.persons"] = DataClass.Criminal,
        ["crossborder.v1.LawEnforcementInformation.exploitation"] = DataClass.Exploitation,
        ["crossborder.v1.LawEnforcementInformation.summary"] = DataClass.Narrative,

        // 9. CorrectionOrWithdrawalNotice: message references only.
        ["crossborder.v1.CorrectionOrWithdrawalNotice.kind"] = DataClass.None,
        ["crossborder.v1.CorrectionOrWithdrawalNotice.message_references"] = DataClass.None,
        ["crossborder.v1.CorrectionOrWithdrawalNotice.corrected_by"] = DataClass.None,

        // 10. AggregateStatistics: counts only.
        ["crossborder.v1.StatisticsCell.birth_year"] = DataClass.None,
        ["crossborder.v1.StatisticsCell.birth_band_start_year"] = DataClass.None,
        ["crossborder.v1.StatisticsCell.count"] = DataClass.None,
        ["crossborder.v1.StatisticsCell.suppressed"] = DataClass.None,
        ["crossborder.v1.AggregateStatistics.cells"] = DataClass.None,
    };

    /// <summary>The catalogue of version 1: oneof field name, number and message.</summary>
    private static readonly (string Name, int Number, string Message)[] Catalogue =
    [
        ("case_referral", 1, "crossborder.v1.CaseReferral"),
        ("identity_confirmation_request", 2, "crossborder.v1.IdentityConfirmationRequest"),
        ("identity_confirmation_response", 3, "crossborder.v1.IdentityConfirmationResponse"),
        ("return_risk_assessment", 4, "crossborder.v1.ReturnRiskAssessment"),
        ("return_plan", 5, "crossborder.v1.ReturnPlan"),
        ("reception_confirmation", 6, "crossborder.v1.ReceptionConfirmation"),
        ("child_protection_exchange", 7, "crossborder.v1.ChildProtectionExchange"),
        ("law_enforcement_information", 8, "crossborder.v1.LawEnforcementInformation"),
        ("correction_or_withdrawal_notice", 9, "crossborder.v1.CorrectionOrWithdrawalNotice"),
        ("aggregate_statistics", 10, "crossborder.v1.AggregateStatistics"),
    ];

    [Fact]
    public void Every_payload_field_carries_an_explicit_data_class()
    {
        var unclassified = PayloadFields()
            .Where(f => ClassOf(f) == DataClass.Unspecified)
            .Select(f => f.FullName)
            .ToList();

        Assert.True(
            unclassified.Count == 0,
            $"{unclassified.Count} payload field(s) without a data class:\n  " + string.Join("\n  ", unclassified));
    }

    [Fact]
    public void Personal_fields_are_classified_as_the_reference_table_says()
    {
        var fields = PayloadFields();
        var problems = new List<string>();

        foreach (var field in fields)
        {
            var actual = ClassOf(field);
            if (ReferenceTable.TryGetValue(field.FullName, out var expected))
            {
                if (actual != expected)
                {
                    problems.Add($"{field.FullName}: contract says {actual}, reference table says {expected}");
                }
            }
            else if (actual != DataClass.None)
            {
                problems.Add($"{field.FullName}: classified {actual} but missing from the reference table");
            }
        }

        var known = fields.Select(f => f.FullName).ToHashSet(StringComparer.Ordinal);
        problems.AddRange(ReferenceTable.Keys
            .Where(name => !known.Contains(name))
            .Select(name => $"{name}: in the reference table but not a payload field"));

        Assert.True(problems.Count == 0, $"{problems.Count} classification difference(s):\n  " + string.Join("\n  ", problems));
    }

    [Fact]
    public void Case_payload_oneof_holds_exactly_the_ten_catalogue_messages()
    {
        var descriptor = CasePayload.Descriptor;
        var oneof = Assert.Single(descriptor.Oneofs);
        Assert.Equal("body", oneof.Name);

        var actual = oneof.Fields
            .Select(f => (f.Name, f.FieldNumber, f.FieldType == FieldType.Message ? f.MessageType.FullName : f.FieldType.ToString()))
            .OrderBy(t => t.FieldNumber)
            .ToArray();
        Assert.Equal(Catalogue, actual);
        Assert.Equal(oneof.Fields.Count, descriptor.Fields.InDeclarationOrder().Count);
    }

    [Fact]
    public void Every_message_type_maps_to_the_case_payload_field_with_its_number()
    {
        var oneof = Assert.Single(CasePayload.Descriptor.Oneofs);
        var messageTypes = CommonReflection.Descriptor.EnumTypes.Single(e => e.Name == nameof(MessageType));
        var problems = new List<string>();

        foreach (var value in messageTypes.Values.Where(v => v.Number != (int)MessageType.Unspecified))
        {
            var field = CasePayload.Descriptor.FindFieldByNumber(value.Number);
            var expectedName = value.Name["MESSAGE_TYPE_".Length..].ToLowerInvariant();
            if (field is null || field.ContainingOneof != oneof)
            {
                problems.Add($"{value.Name} ({value.Number}) has no CasePayload oneof case");
            }
            else if (field.Name != expectedName)
            {
                problems.Add($"{value.Name} ({value.Number}) maps to {field.Name}, expected {expectedName}");
            }
        }

        var numbers = messageTypes.Values.Select(v => v.Number).ToHashSet();
        problems.AddRange(oneof.Fields
            .Where(f => !numbers.Contains(f.FieldNumber))
            .Select(f => $"oneof case {f.Name} ({f.FieldNumber}) has no MessageType value"));

        Assert.True(problems.Count == 0, string.Join("\n", problems));
    }

    [Fact]
    public void Every_payload_carries_a_retention_as_field_15()
    {
        var missing = CasePayload.Descriptor.Oneofs[0].Fields
            .Select(f => f.MessageType)
            .Where(m => m.FindFieldByNumber(15) is not { Name: "retention", FieldType: FieldType.Message } field
                || field.MessageType.FullName != "crossborder.v1.Retention")
            .Select(m => m.FullName)
            .ToList();

        Assert.True(missing.Count == 0, "without retention = 15: " + string.Join(", ", missing));
    }

    [Fact]
    public void Value_formats_are_set_only_on_string_fields()
    {
        var misplaced = PayloadFields()
            .Where(f => (f.GetOptions()?.GetExtension(OptionsExtensions.ValueFormat) ?? ValueFormat.Unspecified) != ValueFormat.Unspecified)
            .Where(f => f.FieldType != FieldType.String)
            .Select(f => f.FullName)
            .ToList();

        Assert.True(misplaced.Count == 0, "value format on a non-string field: " + string.Join(", ", misplaced));
    }

    private static DataClass ClassOf(FieldDescriptor field) =>
        field.GetOptions()?.GetExtension(OptionsExtensions.DataClass) ?? DataClass.Unspecified;

    /// <summary>
    /// Every field of every message reachable from the ten case messages, in a stable order.
    /// The <c>CasePayload</c> oneof itself is a container and is not classified; the fields of
    /// well-known types (google.protobuf.*) are not ours, though a field of such a type is.
    /// </summary>
    internal static IReadOnlyList<FieldDescriptor> PayloadFields()
    {
        var fields = new List<FieldDescriptor>();
        var seen = new HashSet<string>(StringComparer.Ordinal);
        var queue = new Queue<MessageDescriptor>();
        foreach (var body in CasePayload.Descriptor.Fields.InDeclarationOrder())
        {
            if (body.FieldType == FieldType.Message && seen.Add(body.MessageType.FullName))
            {
                queue.Enqueue(body.MessageType);
            }
        }

        while (queue.Count > 0)
        {
            var message = queue.Dequeue();
            foreach (var field in message.Fields.InDeclarationOrder())
            {
                fields.Add(field);
                if (field.FieldType == FieldType.Message
                    && field.MessageType.File.Package != "google.protobuf"
                    && seen.Add(field.MessageType.FullName))
                {
                    queue.Enqueue(field.MessageType);
                }
            }
        }

        return fields;
    }
}
