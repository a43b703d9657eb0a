using CrossBorder.Contracts.V1;
using CrossBorder.Core.Policy.Vocabulary;

namespace CrossBorder.Core.Policy;

/// <summary>
/// The shape of a statistics table (rule 9), checked before any rule runs, outbound and inbound:
/// every dimension is a defined one and appears at most once in a cell, every code is in its
/// dimension's closed set (<see cref="StatisticsCodes"/>), birth years are years, and the table
/// is small enough to protect. Counts are <c>uint32</c>: a negative count never parses. The
/// refusal names the field path with its indexes, never the value.
/// </summary>
internal static class StatisticsValidation
{
    /// <summary>
    /// The most cells one table may have: complementary suppression reasons about every margin of
    /// every cell (up to 96 per cell), and statistics reports are tables of tens to hundreds of
    /// cells. A larger table is refused as a whole (split it by a dimension).
    /// </summary>
    public const int MaxCells = 1_000;

    /// <summary>The earliest birth year (or band start) a statistics cell may name.</summary>
    public const uint EarliestBirthYear = 1900;

    /// <summary>The first problem of a statistics payload, or null when it has none (or is not statistics).</summary>
    public static (string Path, string Detail)? Check(CasePayload payload, PolicyContext context)
    {
        if (payload.BodyCase != CasePayload.BodyOneofCase.AggregateStatistics)
        {
            return null;
        }

        const string CellsPath = "aggregate_statistics.cells";
        var cells = payload.AggregateStatistics.Cells;
        if (cells.Count > MaxCells)
        {
            return (CellsPath, PolicyDetailCodes.StatisticsTableTooLarge);
        }

        var latestYear = (uint)context.Now.UtcDateTime.Year;
        for (var i = 0; i < cells.Count; i++)
        {
            if (Check(cells[i], latestYear) is { } problem)
            {
                return ($"{CellsPath}[{i}].{problem.Field}", problem.Detail);
            }
        }

        return null;
    }

    private static (string Field, string Detail)? Check(StatisticsCell cell, uint latestYear)
    {
        var seen = new HashSet<StatisticsDimension>();
        for (var j = 0; j < cell.Dimensions.Count; j++)
        {
            var value = cell.Dimensions[j];
            if (!StatisticsCodes.IsDimension(value.Dimension))
            {
                return ($"dimensions[{j}].dimension", PolicyDetailCodes.StatisticsDimensionInvalid);
            }

            if (!seen.Add(value.Dimension))
            {
                return ($"dimensions[{j}].dimension", PolicyDetailCodes.StatisticsDimensionRepeated);
            }

            if (!StatisticsCodes.IsCode(value.Dimension, value.Code))
            {
                return ($"dimensions[{j}].code", PolicyDetailCodes.StatisticsCodeInvalid);
            }
        }

        return cell.BirthPeriodCase switch
        {
            StatisticsCell.BirthPeriodOneofCase.BirthYear when !IsYear(cell.BirthYear, latestYear) =>
                ("birth_year", PolicyDetailCodes.StatisticsBirthYearInvalid),
            StatisticsCell.BirthPeriodOneofCase.BirthBandStartYear when !IsYear(cell.BirthBandStartYear, latestYear) =>
                ("birth_band_start_year", PolicyDetailCodes.StatisticsBirthYearInvalid),
            _ => null,
        };
    }

    private static bool IsYear(uint year, uint latestYear) => year >= EarliestBirthYear && year <= latestYear;
}
