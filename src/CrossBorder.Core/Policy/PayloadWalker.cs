using System.Collections;
using CrossBorder.Contracts.V1;
using Google.Protobuf;

namespace CrossBorder.Core.Policy;

/// <summary>
/// Applies a compiled plan to a copy of the payload and writes the decision report. A sub-message
/// left empty by removals is cleared too, so that an empty shell does not reveal that the
/// removed data existed.
/// </summary>
internal sealed class PayloadWalker(PolicyContext context, IPseudonymKeySource keys)
{
    private readonly List<Decision> _decisions = [];
    private PseudonymKey? _key;

    public IReadOnlyList<Decision> Decisions => _decisions;

    public void Walk(IMessage message, MessagePlan plan)
    {
        foreach (var step in plan.Steps)
        {
            var field = step.Field;
            var isDefault = step.Transform?.Kind == TransformKind.Default;
            if (FieldValues.IsSet(message, field) == isDefault)
            {
                continue; // nothing to remove or transform; a default applies only to an unset field
            }

            switch (step.Kind)
            {
                case StepKind.Remove:
                    field.Accessor.Clear(message);
                    Report(step.FullPath, DecisionActions.Removed, step.RuleId, step.Detail);
                    break;
                case StepKind.Transform:
                    TransformField(message, step);
                    break;
                default:
                    Descend(message, step);
                    break;
            }
        }
    }

    private void Descend(IMessage message, FieldStep step)
    {
        var value = step.Field.Accessor.GetValue(message);
        if (step.Field.IsRepeated)
        {
            foreach (IMessage item in (IList)value)
            {
                Walk(item, step.Child!);
            }

            if (message is AggregateStatistics statistics && step.Child!.Steps.FirstOrDefault(s => s.Transform?.Kind == TransformKind.SuppressBelow) is { } count)
            {
                SuppressTable(statistics, step, count);
            }

            return;
        }

        var child = (IMessage)value;
        Walk(child, step.Child!);
        if (child.CalculateSize() == 0)
        {
            step.Field.Accessor.Clear(message);
        }
    }

    private void TransformField(IMessage message, FieldStep step)
    {
        var transform = step.Transform!;
        var field = step.Field;
        if (transform.Kind == TransformKind.Default)
        {
            field.Accessor.SetValue(message, ValueTransforms.DefaultValue(field, transform.Text!, field.Accessor.GetValue(message)));
            Report(step.FullPath, DecisionActions.Defaulted, step.RuleId, step.Detail);
            return;
        }

        if (transform.Kind == TransformKind.SuppressBelow)
        {
            return; // the table is suppressed as a whole once all its cells are walked (SuppressTable)
        }

        var value = field.Accessor.GetValue(message);
        if (field.IsRepeated)
        {
            var list = (IList)value;
            for (var i = 0; i < list.Count; i++)
            {
                if (!Apply(transform, list[i]!, out var changed))
                {
                    list.Clear();
                    Report(step.FullPath, DecisionActions.Removed, step.RuleId, "POLICY_MALFORMED_VALUE");
                    return;
                }

                list[i] = changed;
            }
        }
        else if (Apply(transform, value, out var changed))
        {
            if (Equals(changed, value))
            {
                return;
            }

            field.Accessor.SetValue(message, changed);
        }
        else
        {
            field.Accessor.Clear(message);
            Report(step.FullPath, DecisionActions.Removed, step.RuleId, "POLICY_MALFORMED_VALUE");
            return;
        }

        Report(step.FullPath, transform.Kind switch
        {
            TransformKind.Pseudonymize => DecisionActions.Pseudonymized,
            TransformKind.Truncate => DecisionActions.Truncated,
            _ => DecisionActions.Generalized,
        }, step.RuleId, step.Detail);
    }

    /// <summary>
    /// Small-cell suppression works on the whole table (<see cref="StatisticsSuppression"/>), after
    /// each cell's own transforms, so that it sees the birth bands as they are sent. The published
    /// threshold is the one applied: the policy's, or the sender's when higher.
    /// </summary>
    private void SuppressTable(AggregateStatistics statistics, FieldStep cells, FieldStep count)
    {
        var threshold = Math.Max((uint)count.Transform!.Number, statistics.SuppressionThreshold);
        if (statistics.SuppressionThreshold != threshold)
        {
            statistics.SuppressionThreshold = threshold;
            Report($"{cells.FullPath[..^cells.Field.Name.Length]}suppression_threshold", DecisionActions.Defaulted, count.RuleId, PolicyDetailCodes.Defaulted);
        }

        foreach (var (cell, primary) in StatisticsSuppression.Apply(statistics.Cells, threshold))
        {
            Report($"{cells.FullPath}[{cell}].{count.Field.Name}", DecisionActions.Generalized, count.RuleId,
                primary ? count.Detail : PolicyDetailCodes.ComplementaryCellSuppressed);
        }
    }

    private bool Apply(Transform transform, object value, out object changed)
    {
        switch (transform.Kind)
        {
            case TransformKind.Pseudonymize:
                _key ??= keys.CurrentKey(context.Sender, context.Recipient);
                changed = Pseudonyms.Compute(_key, (string)value);
                return true;
            case TransformKind.Truncate:
                changed = ValueTransforms.Truncate((string)value, transform.Number);
                return true;
            default:
                var result = ValueTransforms.Generalize(transform.Generalization, value);
                changed = result ?? value;
                return result is not null;
        }
    }

    private void Report(string path, string action, string rule, string detail)
    {
        // A removal is a (partial) refusal; a transform is not, so it carries no reason code.
        var reason = action == DecisionActions.Removed ? ReasonCode.PolicyRefused : ReasonCode.Unspecified;
        var decision = new Decision { FieldPath = path, Action = action, RuleId = rule, Reason = reason, DetailCode = detail };
        if (!_decisions.Contains(decision))
        {
            _decisions.Add(decision);
        }
    }
}
