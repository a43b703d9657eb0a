using CrossBorder.Contracts.V1;
using Google.Protobuf.Reflection;

namespace CrossBorder.Core.Policy;

/// <summary>
/// Compiles the applicable rules of one message into a <see cref="MessagePlan"/>. For each field,
/// in this order: a drop of an applicable rule (by the field's path, an ancestor's path, or its
/// data class) removes it; a transform on its path transforms it (and allows it); it is allowed
/// when an ancestor's path, its own path or (leaf fields only) its data class is allowed;
/// otherwise it is removed, naming the gated rule that would have allowed it or
/// <c>default-deny</c>. A message field that is not allowed itself is kept only for the parts
/// below it that are allowed, and removed as a whole when none is.
/// </summary>
internal static class PlanCompiler
{
    public static MessagePlan Compile(MessageType type, IReadOnlyList<Rule> applicable, IReadOnlyList<Rule> gated)
    {
        var body = PayloadSchema.Body(type);
        return Build(body.MessageType, "", body.Name, ancestorAllowed: false, applicable, gated).Plan;
    }

    private static (MessagePlan Plan, bool AnyKept) Build(
        MessageDescriptor message, string prefix, string fullPrefix, bool ancestorAllowed, IReadOnlyList<Rule> applicable, IReadOnlyList<Rule> gated)
    {
        var steps = new List<FieldStep>();
        var anyKept = false;
        foreach (var field in message.Fields.InDeclarationOrder())
        {
            var path = prefix.Length == 0 ? field.Name : $"{prefix}.{field.Name}";
            var fullPath = $"{fullPrefix}.{field.Name}";
            var dataClass = PayloadSchema.ClassOf(field);
            var isLeaf = field.FieldType != FieldType.Message;

            if (Drop(applicable, path, dataClass) is { } drop)
            {
                steps.Add(new FieldStep(field, StepKind.Remove, fullPath, drop.Rule.Id, drop.Selector.Detail, null, null));
                continue;
            }

            var transform = applicable.SelectMany(r => r.Transforms.Select(t => (Rule: r, Transform: t)))
                .FirstOrDefault(x => string.Equals(x.Transform.Path, path, StringComparison.Ordinal));
            var allowed = ancestorAllowed || transform.Rule is not null || applicable.Any(r => r.Allows(path, dataClass, isLeaf));
            if (isLeaf || transform.Rule is not null)
            {
                if (transform.Rule is not null)
                {
                    steps.Add(new FieldStep(field, StepKind.Transform, fullPath, transform.Rule.Id, transform.Transform.Detail, transform.Transform, null));
                    anyKept = true;
                }
                else if (allowed)
                {
                    anyKept = true;
                }
                else
                {
                    steps.Add(Denied(field, fullPath, path, dataClass, isLeaf, gated));
                }

                continue;
            }

            var (child, childKept) = Build(field.MessageType, path, fullPath, allowed, applicable, gated);
            if (allowed || childKept)
            {
                anyKept = true;
                if (child.Steps.Count > 0)
                {
                    steps.Add(new FieldStep(field, StepKind.Descend, fullPath, "", "", null, child));
                }
            }
            else
            {
                steps.Add(Denied(field, fullPath, path, dataClass, isLeaf, gated));
            }
        }

        return (new MessagePlan(steps), anyKept);
    }

    private static (Rule Rule, FieldSelector Selector)? Drop(IReadOnlyList<Rule> applicable, string path, DataClass dataClass)
    {
        foreach (var rule in applicable)
        {
            foreach (var drop in rule.Drops)
            {
                if (drop.Selects(path, dataClass))
                {
                    return (rule, drop);
                }
            }
        }

        return null;
    }

    private static FieldStep Denied(FieldDescriptor field, string fullPath, string path, DataClass dataClass, bool isLeaf, IReadOnlyList<Rule> gated)
    {
        // A rule whose condition failed explains the removal better than default-deny.
        var gate = gated.FirstOrDefault(r =>
            r.Allows(path, dataClass, isLeaf)
            || r.AllowPaths.Any(p => PathMatch.IsSelfOrBelow(p, path))
            || r.Transforms.Any(t => PathMatch.IsSelfOrBelow(t.Path, path)));
        return gate is null
            ? new FieldStep(field, StepKind.Remove, fullPath, PolicyDetailCodes.DefaultDenyRule, PolicyDetailCodes.FieldNotAllowed, null, null)
            : new FieldStep(field, StepKind.Remove, fullPath, gate.Id, gate.WhenDetail, null, null);
    }
}
