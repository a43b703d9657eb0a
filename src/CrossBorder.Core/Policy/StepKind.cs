namespace CrossBorder.Core.Policy;

/// <summary>What the walker does with one field; fields that are simply kept have no step.</summary>
internal enum StepKind
{
    Remove,
    Transform,
    Descend,
}
