using CrossBorder.Contracts.V1;
using CrossBorder.Core.Policy;
using static CrossBorder.Core.Tests.Policy.PolicyKit;

namespace CrossBorder.Core.Tests.Policy;

/// <summary>
/// Rules 1, 4 and 12: free text never passes where the policy forbids it. A policy in which one rule
/// forbids narrative for a message type and another lets a narrative field of that type through is
/// refused at load, whatever their recipients and purposes.
/// </summary>
public class NarrativeLoadCheckTests
{
    private const string Forbidding = """
        id: p
        version: "1"
        rules:
          - id: plan-to-ncp
            match: { types: [RETURN_PLAN], to: { roles: [NCP] }, purposes: [RETURN_COORDINATION] }
            allow: [escort]
            drop: [ { class: NARRATIVE } ]
        """;

    [Theory]
    [InlineData("allow: [remarks]", "'remarks'")]
    [InlineData("allow: [ { class: NARRATIVE } ]", "'remarks'")]
    [InlineData("allow: [child]", "'child.child_views.summary'")]
    [InlineData("transform: [ { path: remarks, truncate: 20 } ]", "'remarks'")]
    public void A_rule_that_lets_narrative_through_where_another_rule_forbids_it_is_refused_at_load(string effect, string field)
    {
        var text = Forbidding + $$"""

              - id: plan-to-consular
                match: { types: [RETURN_PLAN], to: { roles: [CONSULAR] }, purposes: [IDENTITY_VERIFICATION] }
                {{effect}}
            """;

        var result = PolicyLoader.Load(text, "p.yaml");

        Assert.Null(result.Policy);
        Assert.Contains(result.Errors, e => e.Line == 8 && e.Message.StartsWith(
            $"rule 'plan-to-consular' lets the narrative field {field} of RETURN_PLAN through, but rule 'plan-to-ncp' (line 4) forbids narrative",
            StringComparison.Ordinal));
        Assert.All(result.Errors, e => Assert.Equal(8, e.Line)); // the allowing rule is at fault, though the two rules never match one message
    }

    [Fact]
    public void A_rule_that_allows_a_subtree_with_narrative_and_drops_the_narrative_itself_is_valid()
    {
        var text = Forbidding + """

              - id: plan-to-consular
                match: { types: [RETURN_PLAN], to: { roles: [CONSULAR] }, purposes: [IDENTITY_VERIFICATION] }
                allow: [child]
                drop: [ { path: child.child_views.summary } ]
            """;

        Assert.Empty(PolicyLoader.Load(text, "p.yaml").Errors);
    }

    [Fact]
    public void The_shipped_policy_forbids_narrative_in_every_message_type_but_police_information()
    {
        var withNarrative = Enum.GetValues<MessageType>()
            .Where(t => t != MessageType.Unspecified && PayloadSchema.IsKnown(t))
            .Where(t => PayloadSchema.AllPaths(t).Any(p => PayloadSchema.ClassOf(p.Field) == DataClass.Narrative));

        foreach (var type in withNarrative.Where(t => t != MessageType.LawEnforcementInformation))
        {
            Assert.Contains(Default.Rules, r => r.Types.Contains(type) && r.Drops.Any(d => d.Class == DataClass.Narrative));
        }

        Assert.Empty(PolicyLoader.Load(PolicyLoader.DefaultPolicyText(), PolicyLoader.DefaultPolicyName).Errors);
    }
}
