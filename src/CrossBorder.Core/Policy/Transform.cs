namespace CrossBorder.Core.Policy;

/// <summary>
/// One transform of a rule, on the field at <see cref="Path"/> (every element of a repeated
/// field). <see cref="Number"/> is the length of a truncation or the threshold of a suppression;
/// <see cref="Text"/> the value of a default or the sibling flag a suppression sets.
/// </summary>
internal sealed record Transform(
    string Path, TransformKind Kind, Generalization Generalization, int Number, string? Text, string Detail, int Line)
{
    /// <summary>Two transforms do the same thing (the rule ids and lines aside).</summary>
    public bool SameEffect(Transform other) =>
        Kind == other.Kind && Generalization == other.Generalization && Number == other.Number
        && string.Equals(Text, other.Text, StringComparison.Ordinal);

    public string Describe() => Kind switch
    {
        TransformKind.Generalize => $"generalize {Generalization switch
        {
            Generalization.YearMonth => "YEAR_MONTH",
            var g => g.ToString().ToUpperInvariant(),
        }}",
        TransformKind.Truncate => $"truncate {Number}",
        TransformKind.SuppressBelow => $"suppress below {Number}",
        TransformKind.Default => $"default {Text}",
        _ => "pseudonymize",
    };
}
