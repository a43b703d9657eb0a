using System.Text;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Policy;
using CrossBorder.Core.Trust;
using Google.Protobuf;

namespace CrossBorder.Benchmarks;

/// <summary>
/// Minimization of a typical ReturnPlan (the shipped example: names, document, route, escort,
/// health, consent, a shelter address and remarks to remove, a pseudonym to compute) with the
/// default policy, beside protobuf parse+serialize of the same message in the same run.
/// </summary>
internal static class PolicyBench
{
    public static IReadOnlyList<string> Run(TimeSpan round)
    {
        var payload = TypicalReturnPlan();
        var bytes = payload.ToByteArray();
        var policy = PolicyLoader.LoadDefault();
        var keys = new DerivedPseudonymKeySource(Encoding.UTF8.GetBytes("bench pseudonymization secret, 32 bytes or more"), "k1");
        var context = new PolicyContext(
            MessageType.ReturnPlan,
            ParticipantId.Parse("IT/NCP"), new HashSet<ParticipantRole> { ParticipantRole.Ncp, ParticipantRole.ChildProtection, ParticipantRole.Coordinator },
            ParticipantId.Parse("AL/NCP"), new HashSet<ParticipantRole> { ParticipantRole.Ncp, ParticipantRole.ChildProtection, ParticipantRole.Coordinator },
            Purpose.ReceptionAssistance,
            new DateTimeOffset(2026, 11, 20, 10, 0, 0, TimeSpan.Zero));
        if (policy.Evaluate(payload, context, keys) is not PolicyAllowed)
        {
            throw new InvalidOperationException("the bench payload must be allowed by the default policy");
        }

        var results = new[]
        {
            Measure.Run("minimize ReturnPlan (default policy)", () => policy.Evaluate(payload, context, keys), round),
            Measure.Run("protobuf parse+serialize ReturnPlan", () => CasePayload.Parser.ParseFrom(bytes).ToByteArray(), round),
        };

        var ratio = results[0].SecondsPerOp / results[1].SecondsPerOp;
        var lines = results.Select(r => $"  {r.Name,-36} {r.OpsPerSecond,12:N0} ops/s {r.BytesPerOp,12:N0} B/op").ToList();
        lines.Add($"bench policy: a minimization costs {ratio:0.00}x a parse+serialize of the same {bytes.Length} B message (target <= 3x)");
        return lines;
    }

    /// <summary>The shipped example return plan (docs/examples/payloads/return-plan.json).</summary>
    internal static CasePayload TypicalReturnPlan() => JsonParser.Default.Parse<CasePayload>("""
        {"returnPlan":{"subjectPseudonym":"7c1e9a4b2d0f83e6a5b4c3d2e1f0a9b8","dataSubjectCategory":"DATA_SUBJECT_CATEGORY_VICTIM","traveller":{"familyName":"SHEMBULLI","givenNames":"DRITA","dateOfBirth":"2004-05-17","sex":"SEX_FEMALE","nationalities":["ALB"]},"travelDocument":{"documentType":"TRAVEL_DOCUMENT_TYPE_EMERGENCY_TRAVEL_DOCUMENT","documentNumber":"ETD-ZZ-000042","issuingState":"ALB","dateOfExpiry":"2026-12-21"},"departureAt":"2026-11-28T10:00:00+01:00","arrivalAt":"2026-11-28T11:15:00+01:00","route":[{"mode":"TRAVEL_MODE_AIR","fromPlace":"BRI","toPlace":"TIA","carrierReference":"XX1234"}],"escort":{"role":"ESCORT_ROLE_INTERNATIONAL_ORGANISATION_STAFF","organisation":"IT-RETURN-ASSISTANCE","escortUntil":"ESCORT_UNTIL_ARRIVAL_POINT"},"receptionOrganisation":"AL-RECEPTION-ELBASAN","receptionShelterAddress":"Rruga e Shembullit 1, Elbasan","destinationMunicipality":"AL-03","receptionServices":["SERVICE_TYPE_SAFE_ACCOMMODATION","SERVICE_TYPE_CASE_MANAGEMENT","SERVICE_TYPE_VOCATIONAL_TRAINING"],"health":{"needs":["HEALTH_NEED_MEDICAL_FOLLOW_UP"],"fitToTravel":"FIT_TO_TRAVEL_FIT"},"onwardTransfer":"ONWARD_TRANSFER_ORIGINATOR_PERMISSION_REQUIRED","retention":{"reviewDate":"2027-05-31","erasureDate":"2031-11-30"},"consent":{"consentReference":"IT-NRM-CONS-2026-0512","purposes":["PURPOSE_RETURN_COORDINATION","PURPOSE_RECEPTION_ASSISTANCE"],"recipients":["AL/NCP"],"givenAt":"2026-10-20T15:05:00+02:00","explicitHealthConsent":true,"givenBy":"CONSENT_GIVER_DATA_SUBJECT","informationLanguage":"sq"},"ageUncertain":false,"remarks":"The escort hands over to the reception centre's case worker in the arrivals hall."}}
        """);
}
