using CrossBorder.Contracts.V1;
using CrossBorder.Core.Policy;
using Google.Protobuf;
using static CrossBorder.Core.Tests.Policy.PolicyKit;

namespace CrossBorder.Core.Tests.Policy;

/// <summary>
/// The optional <c>organisations</c> list of a policy file (rule 7): when present, an organisation
/// field admits only the ids it names; when absent, any well-formed id; a bad list is a load error.
/// </summary>
public class OrganisationListTests
{
    private const string Rules = """
        rules:
          - id: r
            match: { types: [RETURN_PLAN] }
            allow: [escort, reception_organisation]
        """;

    private static readonly CasePayload Plan = JsonParser.Default.Parse<CasePayload>(
        """{"returnPlan": {"escort": {"organisation": "IT-RETURN-ASSISTANCE"}, "receptionOrganisation": "AL-SHELTER-NORTH"}}""");

    [Fact]
    public void With_a_list_an_organisation_id_it_does_not_name_is_refused()
    {
        var policy = PolicyLoader.Load($"id: p\nversion: \"1\"\norganisations: [IT-RETURN-ASSISTANCE]\n{Rules}", "p.yaml").PolicyOrThrow();

        var refused = Refused(policy.Evaluate(Plan, Context(MessageType.ReturnPlan, "AL/NCP", Purpose.ReturnCoordination), Keys));

        Assert.Equal((ReasonCode.InvalidFormat, "FORMAT_ORGANISATION_UNKNOWN"), (refused.Reason, refused.DetailCode));
        Assert.Equal(
            [" REFUSED payload-format FORMAT_ORGANISATION_UNKNOWN", "return_plan.reception_organisation REFUSED payload-format FORMAT_ORGANISATION_UNKNOWN"],
            Lines(refused));
    }

    [Fact]
    public void Without_a_list_any_well_formed_organisation_id_passes()
    {
        var policy = PolicyLoader.Load($"id: p\nversion: \"1\"\n{Rules}", "p.yaml").PolicyOrThrow();

        var allowed = Allowed(policy.Evaluate(Plan, Context(MessageType.ReturnPlan, "AL/NCP", Purpose.ReturnCoordination), Keys));

        Assert.Equal("AL-SHELTER-NORTH", allowed.Payload.ReturnPlan.ReceptionOrganisation);
    }

    [Fact]
    public void A_list_entry_that_is_no_organisation_id_or_is_listed_twice_is_a_load_error_with_its_line()
    {
        var result = PolicyLoader.Load($"id: p\nversion: \"1\"\norganisations:\n  - IT-RETURN-ASSISTANCE\n  - Safe house, Rruga 1\n  - IT-RETURN-ASSISTANCE\n{Rules}", "p.yaml");

        Assert.Null(result.Policy);
        Assert.Equal(
            [
                "p.yaml:5: organisations: an organisation id is 2 to 64 upper-case letters, digits and '-', starting with a letter",
                "p.yaml:6: organisations: 'IT-RETURN-ASSISTANCE' is listed more than once",
            ],
            result.Errors.Select(e => e.ToString()));
    }

    [Fact]
    public void The_default_policy_lists_the_dev_federation_s_organisations()
    {
        Assert.NotNull(Default.Organisations);
        Assert.Contains("AL-RECEPTION-ELBASAN", (IReadOnlySet<string>)Default.Organisations);
        Assert.All(Default.Organisations, id => Assert.Matches("^[A-Z]{2}-[A-Z0-9-]+$", id));
    }
}
