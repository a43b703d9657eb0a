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

/// <summary>How a value is generalized; which ones fit a field depends on its value format.</summary>
internal enum Generalization
{
    None,

    /// <summary>Partial date or date-time to "YYYY".</summary>
    Year,

    /// <summary>Partial date or date-time to "YYYY-MM".</summary>
    YearMonth,

    /// <summary>Date-time to its calendar day "YYYY-MM-DD" (as written, in its own offset).</summary>
    Day,

    /// <summary>A year (number or partial date) to the first year of its 5-year band (2005 for 2005-2009).</summary>
    Band5,

    /// <summary>ISO 3166-2 subdivision "AL-11" to its country part "AL".</summary>
    Country,
}

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
