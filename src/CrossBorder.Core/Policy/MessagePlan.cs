using Google.Protobuf.Reflection;

namespace CrossBorder.Core.Policy;

/// <summary>What the walker does with one field; fields that are simply kept have no step.</summary>
internal enum StepKind
{
    Remove,
    Transform,
    Descend,
}

/// <summary>One field's step in a compiled plan, with the full path and the deciding rule.</summary>
internal sealed record FieldStep(
    FieldDescriptor Field, StepKind Kind, string FullPath, string RuleId, string Detail, Transform? Transform, MessagePlan? Child);

/// <summary>
/// The compiled minimization of one message type for one set of applicable rules: only the
/// fields that need work have steps, so kept fields cost nothing at evaluation.
/// </summary>
internal sealed record MessagePlan(IReadOnlyList<FieldStep> Steps);
