using CrossBorder.Contracts.V1;

namespace CrossBorder.Core.Tests.Policy;

/// <summary>
/// A reader of a published statistics table who subtracts, written apart from the engine. It
/// knows every published count; every suppressed count, and every combination of coordinates
/// coarser than a published cell that is not itself published, is unknown. It writes down every
/// sum the table states: each such combination equals the sum of those that refine it in one
/// step (one more dimension; a birth year or band for no birth period; the years of a band),
/// taking the table as listing every non-zero refinement. It then combines all of these linearly
/// (any chain of subtractions across rows, columns and margins, by a dense elimination) and
/// reports the suppressed cells whose value comes out.
/// </summary>
internal static class SubtractionAttack
{
    /// <summary>The indexes of the suppressed cells whose count follows from the published ones.</summary>
    public static List<int> Derivable(AggregateStatistics table)
    {
        var cells = table.Cells.Select(Coordinates).ToList();
        var nodes = new HashSet<string>(cells, StringComparer.Ordinal);
        var pending = new Queue<string>(cells);
        while (pending.TryDequeue(out var node))
        {
            foreach (var coarser in OneStepCoarser(node).Where(nodes.Add))
            {
                pending.Enqueue(coarser);
            }
        }

        var known = Enumerable.Range(0, cells.Count).Where(i => !table.Cells[i].Suppressed).Select(i => cells[i]).ToHashSet(StringComparer.Ordinal);
        var column = nodes.Where(n => !known.Contains(n)).Select((n, k) => (n, k)).ToDictionary(x => x.n, x => x.k, StringComparer.Ordinal);
        var relations = new List<double[]>();
        foreach (var total in nodes)
        {
            foreach (var parts in nodes.Where(n => RefinementWay(total, n) is not null).GroupBy(n => RefinementWay(total, n)))
            {
                var row = new double[column.Count];
                if (column.TryGetValue(total, out var t))
                {
                    row[t] += 1;
                }

                foreach (var part in parts.Where(column.ContainsKey))
                {
                    row[column[part]] -= 1;
                }

                relations.Add(row);
            }
        }

        var rank = Rank(relations, column.Count);
        return [.. Enumerable.Range(0, cells.Count).Where(i => table.Cells[i].Suppressed).Where(i =>
        {
            if (known.Contains(cells[i]))
            {
                return true; // the same coordinates are published in another cell
            }

            var unit = new double[column.Count];
            unit[column[cells[i]]] = 1;
            return Rank([.. relations, unit], column.Count) == rank;
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
