using CrossBorder.Contracts.V1;

namespace CrossBorder.Core.Policy;

/// <summary>
/// Fields named by a path (the field and its subtree) or by a data class (every field of that
/// class, at any depth); used by drops and by inbound refusals.
/// </summary>
internal sealed record FieldSelector(string? Path, DataClass? Class, string Detail, int Line)
{
    /// <summary>Whether the field at <paramref name="path"/> (with its class) is selected, directly or through an ancestor path.</summary>
    public bool Selects(string path, DataClass dataClass) =>
        Class is { } c ? c == dataClass : Path is { } p && PathMatch.IsSelfOrBelow(path, p);
}
