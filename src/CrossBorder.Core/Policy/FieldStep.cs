using Google.Protobuf.Reflection;

namespace CrossBorder.Core.Policy;

/// <summary>One field's step in a compiled plan, with the full path and the deciding rule.</summary>
internal sealed record FieldStep(
    FieldDescriptor Field, StepKind Kind, string FullPath, string RuleId, string Detail, Transform? Transform, MessagePlan? Child);
