using System.Text;
using CrossBorder.Core.Policy;

namespace CrossBorder.Core.Tests.Policy;

/// <summary>Load-time validation: every error at once, with file and line; the stamp's canonical form.</summary>
public class PolicyValidationTests
{
    private static readonly string InvalidFile = Path.Combine(AppContext.BaseDirectory, "TestData", "policy", "invalid-policy.yaml");

    [Fact]
    public void The_default_policy_is_valid_and_stamped()
    {
        var result = PolicyLoader.Load(PolicyLoader.DefaultPolicyText(), PolicyLoader.DefaultPolicyName);

        Assert.Empty(result.Errors);
        var stamp = result.Policy!.Stamp;
        Assert.Equal(("crossborder-default", "1", 32), (stamp.Id, stamp.Version, stamp.Sha256.Length));
    }

    [Theory]
    [InlineData("id: Italy policy 2026\nversion: \"1\"\nrules: []\n", "1: id must be 1 to 64 ASCII letters, digits")]
    [InlineData("id: it-policy\nversion: \"2026 draft\"\nrules: []\n", "2: version must be 1 to 32 ASCII letters, digits")]
    [InlineData("id: it-policy\nversion: \"1\u202e\"\nrules: []\n", "2: version must be 1 to 32 ASCII letters, digits")]
    public void A_policy_id_or_version_receivers_would_refuse_in_the_stamp_is_refused_at_load(string text, string error)
    {
        var result = PolicyLoader.Load(text, "it.yaml");

        Assert.Null(result.Policy);
        Assert.Contains(result.Errors, e => $"{e.Line}: {e.Message}".StartsWith(error, StringComparison.Ordinal));
    }

    [Fact]
    public void Invalid_policy_gives_all_its_errors_at_once_with_lines()
    {
        var result = PolicyLoader.LoadFile(InvalidFile);

        Assert.Null(result.Policy);
        var lines = result.Errors.Select(e => $"{e.Line}: {e.Message}").ToList();
        Assert.All(result.Errors, e => Assert.Equal(InvalidFile, e.File));
        Assert.Contains(lines, l => l.StartsWith("9: unknown message type 'RETURN_TICKET'", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("13: unknown field path 'traveller.shoe_size' for RETURN_PLAN", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("16: unknown data class 'SHOE_SIZE'", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("18: unknown purpose 'HOLIDAY'", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("18: unknown role 'JUDGE'", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("21: participant 'FR/NCP' is not in the policy's federation", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("26: generalize COUNTRY does not fit 'traveller.family_name' of RETURN_PLAN", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("34: conflicting rules 'conflict-a' (line 27) and 'conflict-b'", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("37: rule:", StringComparison.Ordinal) && l.Contains("unknown key 'allowed'", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("35: rule id 'conflict-b' is used more than once", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.StartsWith("41: conflicting rules 'drops-what-another-allows' and 'allows-below-the-drop' (line 42): 'traveller.family_name' is dropped", StringComparison.Ordinal));
        Assert.True(result.Errors.Count >= 10, string.Join(Environment.NewLine, result.Errors));
        Assert.Equal(result.Errors.OrderBy(e => e.Line).ToList(), result.Errors); // in file order
    }

    [Fact]
    public void An_invalid_policy_is_never_put_in_force_and_a_bad_reload_keeps_the_last_good_one()
    {
        var holder = new PolicyInForce(PolicyLoader.LoadDefault());
        var before = holder.Current;

        var errors = holder.TryReload(File.ReadAllText(InvalidFile), "reload.yaml");

        Assert.NotEmpty(errors);
        Assert.Same(before, holder.Current);
        Assert.Throws<PolicyInvalidException>(() => PolicyLoader.LoadFile(InvalidFile).PolicyOrThrow());
    }

    [Fact]
    public void Equals_values_a_field_can_never_hold_are_load_errors_and_a_repeated_field_is_a_valid_path()
    {
        const string Text = """
            id: p
            version: "1"
            rules:
              - id: r
                match: { types: [IDENTITY_CONFIRMATION_REQUEST] }
                refuse_when:
                  - when: { equals: { path: person.nationalities, values: [XXB, XXC] } }
                  - when: { equals: { path: person.sex, values: [FEMAL] } }
                  - when: { equals: { path: person, values: [XXB] } }
                  - when: { equals: { path: emergency_travel_document_requested, values: ["yes"] } }
            """;

        var errors = PolicyLoader.Load(Text, "p.yaml").Errors.Select(e => $"{e.Line}: {e.Message}").ToList();

        Assert.Equal(
            [
                "8: 'FEMAL' is not a value of crossborder.v1.PersonIdentity.sex",
                "9: 'XXB' is not a value of crossborder.v1.IdentityConfirmationRequest.person",
                "10: 'yes' is not a value of crossborder.v1.IdentityConfirmationRequest.emergency_travel_document_requested",
            ],
            errors);
    }

    [Fact]
    public void Malformed_yaml_is_one_error_with_its_line()
    {
        var result = PolicyLoader.Load("id: x\nrules: [\n  - {", "bad.yaml");

        var error = Assert.Single(result.Errors);
        Assert.StartsWith("not well-formed YAML", error.Message, StringComparison.Ordinal);
        Assert.True(error.Line > 0);
    }

    [Fact]
    public void Stamp_ignores_comments_quoting_and_key_order_but_not_rules()
    {
        const string A = "id: p\nversion: \"1\"\nrules:\n  - id: r\n    match: { types: [RETURN_PLAN] }\n    allow: [escort]\n";
        const string B = "# same policy\nversion: 1\nid: 'p'\nrules:\n  - allow:\n      - escort\n    match:\n      types: RETURN_PLAN\n    id: r\n";
        const string C = "id: p\nversion: \"1\"\nrules:\n  - id: r\n    match: { types: [RETURN_PLAN] }\n    allow: [escort, route]\n";

        var a = PolicyLoader.Load(A, "a").PolicyOrThrow();
        var b = PolicyLoader.Load(B, "b").PolicyOrThrow();
        var c = PolicyLoader.Load(C, "c").PolicyOrThrow();

        Assert.NotEqual(a.Sha256.ToArray(), b.Sha256.ToArray()); // "types: RETURN_PLAN" is a scalar, not a list: a different document
        var d = PolicyLoader.Load(B.Replace("types: RETURN_PLAN", "types: [RETURN_PLAN]", StringComparison.Ordinal), "d").PolicyOrThrow();
        Assert.Equal(a.Sha256.ToArray(), d.Sha256.ToArray());
        Assert.NotEqual(a.Sha256.ToArray(), c.Sha256.ToArray());
    }

    [Fact]
    public void Stamp_is_the_sha256_of_the_documented_canonical_json()
    {
        const string Text = "version: \"1\"\nid: p\nrules:\n  - id: r\n    match: { types: [RETURN_PLAN] }\n    allow: [escort]\n";
        const string Canonical = "{\"id\":\"p\",\"rules\":[{\"allow\":[\"escort\"],\"id\":\"r\",\"match\":{\"types\":[\"RETURN_PLAN\"]}}],\"version\":\"1\"}";

        var policy = PolicyLoader.Load(Text, "p").PolicyOrThrow();

        Assert.Equal(System.Security.Cryptography.SHA256.HashData(Encoding.UTF8.GetBytes(Canonical)), policy.Sha256.ToArray());
    }
}
