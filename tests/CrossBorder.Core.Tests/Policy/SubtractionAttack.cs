using CrossBorder.Contracts.V1;

namespace CrossBorder.Core.Tests.Policy;

/// <summary>
/// A reader of a published statistics table who subtracts, written apart from the engine: it
/// knows every published count, treats every suppressed one as unknown, and writes down every
/// sum the table states: a published cell equals the sum of the published cells that refine it
/// in one step (one more dimension; a birth year or band for no birth period; the years of a
/// band), and two such one-step decompositions of the same coordinates (published or not) have
/// the same sum. It then combines all of these linearly (any chain of subtractions across rows,
/// columns and margins) and reports the suppressed cells whose value comes out.
/// </summary>
internal static class SubtractionAttack
{
    /// <summary>The indexes of the suppressed cells whose count follows from the published ones.</summary>
    public static List<int> Derivable(AggregateStatistics table)
    {
        var cells = table.Cells.Select(Coordinates).ToList();
        var unknown = Enumerable.Range(0, cells.Count).Where(i => table.Cells[i].Suppressed).ToList();
        var column = unknown.Select((cell, k) => (cell, k)).ToDictionary(x => x.cell, x => x.k);
        var relations = new List<double[]>();
        void Relate(IEnumerable<int> plus, IEnumerable<int> minus)
        {
            var row = new double[unknown.Count];
            foreach (var i in plus.Where(column.ContainsKey))
            {
                row[column[i]] += 1;
            }

            foreach (var i in minus.Where(column.ContainsKey))
            {
                row[column[i]] -= 1;
            }

            relations.Add(row);
        }

        var totals = cells.SelectMany(c => OneStepCoarser(c).Append(c)).Distinct(StringComparer.Ordinal).ToList();
        foreach (var total in totals)
        {
            var parts = Enumerable.Range(0, cells.Count)
                .Select(i => (Cell: i, Way: RefinementWay(total, cells[i])))
                .Where(x => x.Way is not null)
                .GroupBy(x => x.Way!, x => x.Cell)
                .Select(g => g.ToList())
                .ToList();
            var published = Enumerable.Range(0, cells.Count).Where(i => cells[i] == total).ToList();
            foreach (var part in parts)
            {
                foreach (var cell in published)
                {
                    Relate([cell], part);
                }
            }

            for (var a = 0; a < parts.Count; a++)
            {
                for (var b = a + 1; b < parts.Count; b++)
                {
                    Relate(parts[a], parts[b]);
                }
            }

            for (var p = 1; p < published.Count; p++)
            {
                Relate([published[0]], [published[p]]);
            }
        }

        var rank = Rank(relations, unknown.Count);
        return [.. unknown.Where(cell =>
        {
            var unit = new double[unknown.Count];
            unit[column[cell]] = 1;
            return Rank([.. relations, unit], unknown.Count) == rank;
        })];
    }

    /// <summary>"dimension=code;…;birth=Y2003" (years Y, bands B), dimensions in name order.</summary>
    private static string Coordinates(StatisticsCell cell)
    {
        var parts = cell.Dimensions.Select(d => $"{d.Dimension}={d.Code}").Order(StringComparer.Ordinal).ToList();
        if (cell.BirthPeriodCase == StatisticsCell.BirthPeriodOneofCase.BirthYear)
        {
            parts.Add($"birth=Y{cell.BirthYear}");
        }
        else if (cell.BirthPeriodCase == StatisticsCell.BirthPeriodOneofCase.BirthBandStartYear)
        {
            parts.Add($"birth=B{cell.BirthBandStartYear}");
        }

        return string.Join(';', parts);
    }

    private static Dictionary<string, string> Parse(string coordinates) =>
        coordinates.Length == 0 ? [] : coordinates.Split(';').Select(p => p.Split('=')).ToDictionary(p => p[0], p => p[1]);

    private static string Format(Dictionary<string, string> parts) =>
        string.Join(';', parts.Where(p => p.Key != "birth").Select(p => $"{p.Key}={p.Value}").Order(StringComparer.Ordinal)
            .Concat(parts.TryGetValue("birth", out var birth) ? [$"birth={birth}"] : []));

    private static IEnumerable<string> OneStepCoarser(string coordinates)
    {
        var parts = Parse(coordinates);
        foreach (var key in parts.Keys)
        {
            yield return Format(parts.Where(p => p.Key != key).ToDictionary());
            if (key == "birth" && parts[key][0] == 'Y')
            {
                var year = int.Parse(parts[key][1..], System.Globalization.CultureInfo.InvariantCulture);
                yield return Format(new Dictionary<string, string>(parts) { ["birth"] = $"B{year - (year % 5)}" });
            }
        }
    }

    /// <summary>How <paramref name="cell"/> refines <paramref name="total"/> in one step, or null when it does not.</summary>
    private static string? RefinementWay(string total, string cell)
    {
        var t = Parse(total);
        var c = Parse(cell);
        var extra = c.Keys.Where(k => !t.ContainsKey(k)).ToList();
        var changed = t.Keys.Where(k => !c.TryGetValue(k, out var v) || v != t[k]).ToList();
        if (changed.Count == 0 && extra.Count == 1)
        {
            return extra[0] == "birth" ? $"birth-{c["birth"][0]}" : extra[0];
        }

        if (extra.Count == 0 && changed is ["birth"] && c.TryGetValue("birth", out var year) && year[0] == 'Y' && t["birth"][0] == 'B')
        {
            var start = int.Parse(t["birth"][1..], System.Globalization.CultureInfo.InvariantCulture);
            var y = int.Parse(year[1..], System.Globalization.CultureInfo.InvariantCulture);
            return y >= start && y < start + 5 ? "years-of-band" : null;
        }

        return null;
    }

    /// <summary>Rank by Gaussian elimination with partial pivoting (entries are small integers).</summary>
    private static int Rank(List<double[]> rows, int columns)
    {
        var m = rows.Select(r => (double[])r.Clone()).ToList();
        var rank = 0;
        for (var c = 0; c < columns && rank < m.Count; c++)
        {
            var pivot = Enumerable.Range(rank, m.Count - rank).MaxBy(r => Math.Abs(m[r][c]));
            if (Math.Abs(m[pivot][c]) < 1e-9)
            {
                continue;
            }

            (m[rank], m[pivot]) = (m[pivot], m[rank]);
            for (var r = 0; r < m.Count; r++)
            {
                if (r != rank && Math.Abs(m[r][c]) > 1e-12)
                {
                    var f = m[r][c] / m[rank][c];
                    for (var k = 0; k < columns; k++)
                    {
                        m[r][k] -= f * m[rank][k];
                    }
                }
            }

            rank++;
        }

        return rank;
    }
}
