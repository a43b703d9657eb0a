namespace CrossBorder.Core.Policy;

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
