using System.Globalization;
using System.Text;
using CrossBorder.Contracts.V1;

namespace CrossBorder.Core.Policy;

/// <summary>
/// The additive structure of a statistics table, as a reader who wants to subtract sees it. A
/// cell counts the persons with its coordinates: a code per dimension it names, and a birth year,
/// a 5-year band or no birth period. A dimension a cell does not name makes it a total over that
/// dimension; a band is the total of its five years. The table's <b>nodes</b> are the cells'
/// coordinates and every coarser combination of them (a dimension left out, a year widened to its
/// band or to no birth period), published or not. Each node and each way of refining it (one
/// dimension given a code; no birth period or a band split into years or bands) gives one
/// <b>equation</b>: the node equals the sum of the nodes of the table that refine it that way.
/// The equations assume the table lists every non-zero refinement, which is what a reader may
/// assume of a table; when it does not, they only make the protection stricter.
/// </summary>
internal sealed class StatisticsTable
{
    private enum Birth
    {
        None,
        Band,
        Year,
    }

    private readonly record struct Coordinates((int Dimension, string Code)[] Codes, Birth Birth, uint Year);

    private StatisticsTable(int nodeCount, int[] cellNode, List<int[]> equations)
    {
        NodeCount = nodeCount;
        CellNode = cellNode;
        Equations = equations;
        var byNode = Enumerable.Range(0, nodeCount).Select(_ => new List<int>()).ToArray();
        for (var e = 0; e < equations.Count; e++)
        {
            foreach (var node in equations[e])
            {
                byNode[node].Add(e);
            }
        }

        EquationsOf = byNode;
    }

    public int NodeCount { get; }

    /// <summary>The node of each cell, by cell index (several cells may share one node).</summary>
    public int[] CellNode { get; }

    /// <summary>Each equation as <c>[total, part, part, …]</c>: the total equals the sum of its parts.</summary>
    public IReadOnlyList<int[]> Equations { get; }

    /// <summary>The equations each node takes part in, by node.</summary>
    public IReadOnlyList<List<int>> EquationsOf { get; }

    /// <summary>Builds the table of validated cells (each dimension at most once, see <see cref="StatisticsValidation"/>).</summary>
    public static StatisticsTable Build(IReadOnlyList<StatisticsCell> cells)
    {
        var ids = new Dictionary<string, int>(StringComparer.Ordinal);
        var nodes = new List<Coordinates>();
        int Add(Coordinates node)
        {
            var key = Key(node);
            if (!ids.TryGetValue(key, out var id))
            {
                id = nodes.Count;
                ids.Add(key, id);
                nodes.Add(node);
            }

            return id;
        }

        var cellNode = new int[cells.Count];
        for (var i = 0; i < cells.Count; i++)
        {
            var cell = Of(cells[i]);
            cellNode[i] = Add(cell);
            foreach (var coarser in Coarser(cell))
            {
                Add(coarser);
            }
        }

        // Group every node under each node it refines in one step; each group is one equation.
        var groups = new Dictionary<string, List<int>>(StringComparer.Ordinal);
        var totals = new Dictionary<string, int>(StringComparer.Ordinal);
        for (var id = 0; id < nodes.Count; id++)
        {
            foreach (var (way, total) in Totals(nodes[id]))
            {
                var totalKey = Key(total);
                var group = $"{way}|{totalKey}";
                if (!groups.TryGetValue(group, out var parts))
                {
                    groups.Add(group, parts = []);
                    totals.Add(group, ids[totalKey]);
                }

                parts.Add(id);
            }
        }

        var equations = groups.Select(g => (int[])[totals[g.Key], .. g.Value]).ToList();
        return new StatisticsTable(nodes.Count, cellNode, equations);
    }

    private static Coordinates Of(StatisticsCell cell)
    {
        var codes = cell.Dimensions.Select(d => ((int)d.Dimension, d.Code)).OrderBy(d => d.Item1).ToArray();
        return cell.BirthPeriodCase switch
        {
            StatisticsCell.BirthPeriodOneofCase.BirthYear => new(codes, Birth.Year, cell.BirthYear),
            // Bands are aligned to multiples of 5 (the R9 transform generalizes them before this).
            StatisticsCell.BirthPeriodOneofCase.BirthBandStartYear => new(codes, Birth.Band, cell.BirthBandStartYear - (cell.BirthBandStartYear % 5)),
            _ => new(codes, Birth.None, 0),
        };
    }

    /// <summary>Every strictly coarser node: any subset of the codes left out, the birth period widened or not.</summary>
    private static IEnumerable<Coordinates> Coarser(Coordinates cell)
    {
        (Birth, uint)[] births = cell.Birth switch
        {
            Birth.Year => [(Birth.Year, cell.Year), (Birth.Band, cell.Year - (cell.Year % 5)), (Birth.None, 0u)],
            Birth.Band => [(Birth.Band, cell.Year), (Birth.None, 0u)],
            _ => [(Birth.None, 0u)],
        };
        for (var mask = 0; mask < 1 << cell.Codes.Length; mask++)
        {
            var codes = cell.Codes.Where((_, i) => (mask & (1 << i)) != 0).ToArray();
            foreach (var (birth, year) in births)
            {
                if (codes.Length < cell.Codes.Length || birth != cell.Birth)
                {
                    yield return new(codes, birth, year);
                }
            }
        }
    }

    /// <summary>The nodes this node refines in one step, each with the way it refines it.</summary>
    private static IEnumerable<(string Way, Coordinates Total)> Totals(Coordinates node)
    {
        for (var i = 0; i < node.Codes.Length; i++)
        {
            yield return (node.Codes[i].Dimension.ToString(CultureInfo.InvariantCulture), node with { Codes = [.. node.Codes[..i], .. node.Codes[(i + 1)..]] });
        }

        if (node.Birth == Birth.Year)
        {
            yield return ("year-in-band", node with { Birth = Birth.Band, Year = node.Year - (node.Year % 5) });
            yield return ("year", node with { Birth = Birth.None, Year = 0 });
        }
        else if (node.Birth == Birth.Band)
        {
            yield return ("band", node with { Birth = Birth.None, Year = 0 });
        }
    }

    /// <summary>An injective text key: codes are length-prefixed, so no code can imitate another coordinate.</summary>
    private static string Key(Coordinates node)
    {
        var key = new StringBuilder();
        foreach (var (dimension, code) in node.Codes)
        {
            key.Append(CultureInfo.InvariantCulture, $"{dimension}={code.Length}:{code};");
        }

        return key.Append(CultureInfo.InvariantCulture, $"{node.Birth}{node.Year}").ToString();
    }
}
