namespace CrossBorder.Core.Policy;

/// <summary>What a transform does to one field's value.</summary>
internal enum TransformKind
{
    Generalize,
    Pseudonymize,
    Truncate,
    SuppressBelow,
    Default,
}
