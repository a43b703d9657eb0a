using CrossBorder.Contracts.V1;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace CrossBorder.Core.Policy;

/// <summary>
/// Inbound rules on an opened payload. No matching rule: accepted (the sender's outbound policy
/// did the minimizing; inbound rules are the recipient's guard against over-sharing). The first
/// matching rule that refuses outright, whose flag holds, or that rejects a field present in
/// the payload, refuses it.
/// </summary>
internal static class InboundEvaluator
{
    public static InboundVerdict Evaluate(IReadOnlyList<InboundRule> rules, CasePayload payload, PolicyContext context)
    {
        var type = PayloadSchema.TypeOf(payload);
        if (type != context.MessageType || !PayloadSchema.IsKnown(type))
        {
            return new InboundVerdict(false, PolicyDetailCodes.DefaultDenyRule, "POLICY_TYPE_MISMATCH", null);
        }

        var bodyField = PayloadSchema.Body(type);
        var body = (IMessage)bodyField.Accessor.GetValue(payload);
        foreach (var rule in rules.Where(r => r.Matches(context)))
        {
            if (rule.Refuse is { } refusal)
            {
                return new InboundVerdict(false, rule.Id, refusal, null);
            }

            foreach (var flag in rule.RefuseWhens.Where(f => f.When.Holds(body, context)))
            {
                var paths = new List<string>();
                flag.When.Blame(body, context, paths);
                return new InboundVerdict(false, rule.Id, flag.Detail, paths.Count > 0 ? $"{bodyField.Name}.{paths[0]}" : null);
            }

            if (rule.Rejects.Count > 0 && FirstRejected(body, "", rule.Rejects) is { } hit)
            {
                return new InboundVerdict(false, rule.Id, hit.Detail, $"{bodyField.Name}.{hit.Path}");
            }
        }

        return InboundVerdict.Accept;
    }

    private static (string Path, string Detail)? FirstRejected(IMessage message, string prefix, IReadOnlyList<FieldSelector> rejects)
    {
        foreach (var field in message.Descriptor.Fields.InDeclarationOrder())
        {
            if (!FieldValues.IsSet(message, field))
            {
                continue;
            }

            var path = prefix.Length == 0 ? field.Name : $"{prefix}.{field.Name}";
            var dataClass = PayloadSchema.ClassOf(field);
            if (rejects.FirstOrDefault(r => r.Selects(path, dataClass)) is { } reject)
            {
                return (path, reject.Detail);
            }

            if (field.FieldType != FieldType.Message)
            {
                continue;
            }

            var value = field.Accessor.GetValue(message);
            foreach (IMessage child in field.IsRepeated ? (System.Collections.IList)value : new[] { (IMessage)value })
            {
                if (FirstRejected(child, path, rejects) is { } hit)
                {
                    return hit;
                }
            }
        }

        return null;
    }
}
