namespace CrossBorder.Core.Policy;

/// <summary>
/// The compiled minimization of one message type for one set of applicable rules: only the
/// fields that need work have steps, so kept fields cost nothing at evaluation.
/// </summary>
internal sealed record MessagePlan(IReadOnlyList<FieldStep> Steps);
