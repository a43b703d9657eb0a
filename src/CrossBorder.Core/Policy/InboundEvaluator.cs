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

        if (StatisticsValidation.Check(payload, context) is { } statistics)
        {
            return new InboundVerdict(false, PolicyDetailCodes.StatisticsRule, statistics.Detail, statistics.Path);
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

            if (rule.Rejects.Count > 0 && FirstRejected(body, rule.Rejects) is { } hit)
            {
                return new InboundVerdict(false, rule.Id, hit.Detail, $"{bodyField.Name}.{hit.Path}");
            }
        }

        return InboundVerdict.Accept;
    }

    /// <summary>Per list of rejecting selectors, the walk plan of each message type it was applied to.</summary>
    private static readonly System.Runtime.CompilerServices.ConditionalWeakTable<IReadOnlyList<FieldSelector>, System.Collections.Concurrent.ConcurrentDictionary<MessageDescriptor, Plan>> Plans = [];

    private static (string Path, string Detail)? FirstRejected(IMessage message, IReadOnlyList<FieldSelector> rejects)
    {
        var plan = Plans.GetValue(rejects, static _ => new()).GetOrAdd(message.Descriptor, static (d, r) => new Plan(d, "", r), rejects);
        return FirstRejected(message, plan);
    }

    private static (string Path, string Detail)? FirstRejected(IMessage message, Plan plan)
    {
        foreach (var entry in plan.Entries)
        {
            if (!FieldValues.IsSet(message, entry.Field))
            {
                continue;
            }

            if (entry.Reject is { } reject)
            {
                return (entry.Path, reject.Detail);
            }

            if (entry.Children is not { } children)
            {
                continue;
            }

            var value = entry.Field.Accessor.GetValue(message);
            if (value is System.Collections.IList list)
            {
                foreach (IMessage child in list)
                {
                    if (FirstRejected(child, children) is { } hit)
                    {
                        return hit;
                    }
                }
            }
            else if (FirstRejected((IMessage)value, children) is { } hit)
            {
                return hit;
            }
        }

        return null;
    }

    /// <summary>
    /// The fields of one message type at one path, in declaration order, each with its full path
    /// and the first selector that rejects it; built once, on first use, level by level (so a
    /// recursive message type is planned only as deep as payloads go).
    /// </summary>
    private sealed class Plan(MessageDescriptor descriptor, string prefix, IReadOnlyList<FieldSelector> rejects)
    {
        private Entry[]? _entries;

        public Entry[] Entries => _entries ??= Build();

        private Entry[] Build() =>
        [
            .. descriptor.Fields.InDeclarationOrder().Select(field =>
            {
                var path = prefix.Length == 0 ? field.Name : $"{prefix}.{field.Name}";
                var dataClass = PayloadSchema.ClassOf(field);
                return new Entry(
                    field,
                    path,
                    rejects.FirstOrDefault(r => r.Selects(path, dataClass)),
                    field.FieldType == FieldType.Message ? new Plan(field.MessageType, path, rejects) : null);
            }),
        ];
    }

    private sealed record Entry(FieldDescriptor Field, string Path, FieldSelector? Reject, Plan? Children);
}
