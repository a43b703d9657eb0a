using CrossBorder.Contracts.V1;
using Google.Protobuf.Reflection;

namespace CrossBorder.Core.Policy;

/// <summary>
/// Free text never passes where the policy forbids it. When a rule drops the <c>NARRATIVE</c>
/// class for a message type, no rule of the policy may keep a narrative field of that type — by
/// allowing its path or an ancestor's, by allowing the class, or by transforming it — unless that
/// rule drops the field itself. Recipients, purposes and gates are deliberately not compared: a
/// rule that lets a narrative field through to some recipient would carry free text wherever the
/// forbidding rule happens not to match.
/// </summary>
internal static class NarrativeCheck
{
    public static void Run(IReadOnlyList<Rule> rules, ErrorSink errors)
    {
        foreach (var type in PayloadSchema.Types)
        {
            var forbidding = rules.FirstOrDefault(r => r.Types.Contains(type) && r.Drops.Any(d => d.Class == DataClass.Narrative));
            if (forbidding is null)
            {
                continue;
            }

            var narrative = PayloadSchema.AllPaths(type).Where(p => PayloadSchema.ClassOf(p.Field) == DataClass.Narrative).ToList();
            foreach (var rule in rules.Where(r => r.Types.Contains(type)))
            {
                foreach (var (path, field) in narrative.Where(p => Keeps(rule, p.Path, p.Field)))
                {
                    errors.Add(rule.Line, $"rule '{rule.Id}' lets the narrative field '{path}' of {MinimizationPolicy.TypeName(type)} through, "
                        + $"but rule '{forbidding.Id}' (line {forbidding.Line}) forbids narrative in that message type: drop it in '{rule.Id}' too");
                }
            }
        }
    }

    private static bool Keeps(Rule rule, string path, FieldDescriptor field)
    {
        var kept = rule.Allows(path, DataClass.Narrative, isLeaf: field.FieldType != FieldType.Message)
            || rule.Transforms.Any(t => string.Equals(t.Path, path, StringComparison.Ordinal));
        return kept && !rule.Drops.Any(d => d.Selects(path, DataClass.Narrative));
    }
}
