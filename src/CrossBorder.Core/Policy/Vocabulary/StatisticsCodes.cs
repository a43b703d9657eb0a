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
    /// <summary>ISO 3166-1 alpha-3, the 249 officially assigned codes.</summary>
    private const string Alpha3 =
        "ABW AFG AGO AIA ALA ALB AND ARE ARG ARM ASM ATA ATF ATG AUS AUT AZE BDI BEL BEN " +
        "BES BFA BGD BGR BHR BHS BIH BLM BLR BLZ BMU BOL BRA BRB BRN BTN BVT BWA CAF CAN " +
        "CCK CHE CHL CHN CIV CMR COD COG COK COL COM CPV CRI CUB CUW CXR CYM CYP CZE DEU " +
        "DJI DMA DNK DOM DZA ECU EGY ERI ESH ESP EST ETH FIN FJI FLK FRA FRO FSM GAB GBR " +
        "GEO GGY GHA GIB GIN GLP GMB GNB GNQ GRC GRD GRL GTM GUF GUM GUY HKG HMD HND HRV " +
        "HTI HUN IDN IMN IND IOT IRL IRN IRQ ISL ISR ITA JAM JEY JOR JPN KAZ KEN KGZ KHM " +
        "KIR KNA KOR KWT LAO LBN LBR LBY LCA LIE LKA LSO LTU LUX LVA MAC MAF MAR MCO MDA " +
        "MDG MDV MEX MHL MKD MLI MLT MMR MNE MNG MNP MOZ MRT MSR MTQ MUS MWI MYS MYT NAM " +
        "NCL NER NFK NGA NIC NIU NLD NOR NPL NRU NZL OMN PAK PAN PCN PER PHL PLW PNG POL " +
        "PRI PRK PRT PRY PSE PYF QAT REU ROU RUS RWA SAU SDN SEN SGP SGS SHN SJM SLB SLE " +
        "SLV SMR SOM SPM SRB SSD STP SUR SVK SVN SWE SWZ SXM SYC SYR TCA TCD TGO THA TJK " +
        "TKL TKM TLS TON TTO TUN TUR TUV TWN TZA UGA UKR UMI URY USA UZB VAT VCT VEN VGB " +
        "VIR VNM VUT WLF WSM YEM ZAF ZMB ZWE ";

    /// <summary>
    /// Beside ISO 3166-1: Kosovo as <c>XKX</c> (the user-assigned code EU institutions use), and for
    /// citizenship the ICAO 9303 codes of persons without a state nationality: <c>XXA</c> stateless,
    /// <c>XXB</c> refugee, <c>XXC</c> refugee (other), <c>XXX</c> unspecified.
    /// </summary>
    private static readonly FrozenSet<string> Countries = Set(Alpha3.Split(' ', StringSplitOptions.RemoveEmptyEntries).Append("XKX"));

    private static readonly FrozenSet<string> Citizenships = Set(Countries.Concat(["XXA", "XXB", "XXC", "XXX"]));

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
