using System.Collections.Frozen;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Contracts;

namespace CrossBorder.Core.Policy.Vocabulary;

/// <summary>
/// The closed code set of each statistics dimension (rule 9): a dimension value's code must be
/// one of these, so that a cell can carry a category and nothing else (no name, document number
/// or birth date). The sets follow the comments on <see cref="StatisticsDimension"/> in
/// payloads.proto; docs/policy.md ("Statistics") lists them.
/// </summary>
internal static class StatisticsCodes
{
    /// <summary>
    /// The country list of the value formats (ISO 3166-1 alpha-3 and Kosovo's codes), without the
    /// ICAO 9303 codes of persons without a state nationality: a country of exploitation is a country.
    /// </summary>
    private static readonly FrozenSet<string> Countries = Set(Formats.CountryCodes.Alpha3.Except(Formats.CountryCodes.IcaoSpecial));

    /// <summary>Citizenship: every code a nationality field admits, ICAO's XXA, XXB, XXC and XXX included.</summary>
    private static readonly FrozenSet<string> Citizenships = Formats.CountryCodes.Alpha3;

    private static readonly FrozenDictionary<StatisticsDimension, FrozenSet<string>> ByDimension =
        new Dictionary<StatisticsDimension, FrozenSet<string>>
        {
            [StatisticsDimension.Sex] = Set(["F", "M", "X"]),
            [StatisticsDimension.Citizenship] = Citizenships,
            [StatisticsDimension.ExploitationForm] = Set(ProtoEnumNames<ExploitationForm>.Defined.Select(ProtoEnumNames<ExploitationForm>.Name)),
            [StatisticsDimension.CountryOfExploitation] = Countries,
            [StatisticsDimension.AgeGroup] = Set(["CHILD", "ADULT"]),
        }.ToFrozenDictionary();

    /// <summary>The dimensions a cell may be broken down by (a defined value other than unspecified).</summary>
    public static bool IsDimension(StatisticsDimension dimension) => ByDimension.ContainsKey(dimension);

    /// <summary>Whether <paramref name="code"/> is in the closed set of <paramref name="dimension"/> (exact, upper case).</summary>
    public static bool IsCode(StatisticsDimension dimension, string code) =>
        ByDimension.TryGetValue(dimension, out var codes) && codes.Contains(code);

    private static FrozenSet<string> Set(IEnumerable<string> codes) => codes.ToFrozenSet(StringComparer.Ordinal);
}
