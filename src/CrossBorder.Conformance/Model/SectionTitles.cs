namespace CrossBorder.Conformance.Model;

/// <summary>The top-level sections of docs/wire-spec.md, as reports name them.</summary>
internal static class SectionTitles
{
    private static readonly Dictionary<int, string> Titles = new()
    {
        [1] = "Conventions",
        [2] = "Transport",
        [3] = "Trust list",
        [4] = "Routing header",
        [5] = "Sealed envelope",
        [6] = "Inner header binding",
        [7] = "Content",
        [8] = "Freshness and lifetimes",
        [9] = "Sizes",
        [10] = "Duplicates and id conflicts",
        [11] = "Receipts",
        [12] = "Refusals",
        [13] = "Reason codes",
    };

    public static string Of(int section) => Titles.TryGetValue(section, out var title) ? $"{section} {title}" : section.ToString(System.Globalization.CultureInfo.InvariantCulture);

    public static bool Exists(int section) => Titles.ContainsKey(section);
}
