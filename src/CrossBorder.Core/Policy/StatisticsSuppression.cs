using CrossBorder.Contracts.V1;

namespace CrossBorder.Core.Policy;

/// <summary>
/// Small-cell suppression of one statistics table (rule 9), primary and complementary, to a
/// fixed point (docs/policy.md, "Statistics"):
/// <list type="number">
/// <item>primary: a count from 1 to threshold−1, or a cell the sender already flagged, is withheld;</item>
/// <item>a published cell with the same coordinates as a withheld one is withheld too;</item>
/// <item>while a withheld cell is determined by the published ones (<see cref="StatisticsDerivation"/>),
/// a published cell next to it is withheld: the smallest (a non-zero one first) of an equation that
/// gives it away on its own, else of any equation it takes part in, else of anything connected to it;</item>
/// <item>while one equation reveals the sum of its withheld parts and that sum is from 1 to
/// threshold−1 (the withheld cells together form a small cell), its smallest published term is withheld.</item>
/// </list>
/// Each step withholds at least one more cell, so the loop ends. A withheld cell gets count 0 and
/// its <c>suppressed</c> flag.
/// </summary>
internal static class StatisticsSuppression
{
    /// <summary>Suppresses in place; returns the cells suppressed here, in order, each with whether it was small itself (primary).</summary>
    public static List<(int Cell, bool Primary)> Apply(IList<StatisticsCell> cells, uint threshold)
    {
        var suppressed = new bool[cells.Count];
        var primary = new bool[cells.Count];
        for (var i = 0; i < cells.Count; i++)
        {
            var count = cells[i].Count;
            primary[i] = cells[i].Suppressed || (count > 0 && count < threshold);
            suppressed[i] = primary[i];
        }

        if (suppressed.Any(s => s))
        {
            Complement(cells, threshold, suppressed);
        }

        var changed = new List<(int, bool)>();
        for (var i = 0; i < cells.Count; i++)
        {
            if (suppressed[i] && (cells[i].Count != 0 || !cells[i].Suppressed))
            {
                cells[i].Count = 0;
                cells[i].Suppressed = true;
                changed.Add((i, primary[i]));
            }
        }

        return changed;
    }

    private static void Complement(IList<StatisticsCell> cells, uint threshold, bool[] suppressed)
    {
        var table = StatisticsTable.Build([.. cells]);
        var cellsOf = Enumerable.Range(0, table.NodeCount).Select(_ => new List<int>()).ToArray();
        for (var i = 0; i < cells.Count; i++)
        {
            cellsOf[table.CellNode[i]].Add(i);
        }

        // A withheld cell's lowest possible value: its count, or 1 when the sender withheld it already.
        var floor = cells.Select(c => c.Count > 0 ? c.Count : (c.Suppressed ? 1u : 0u)).ToArray();
        HashSet<int>? structural = null;
        while (true)
        {
            var known = new bool[table.NodeCount];
            var targets = new HashSet<int>();
            for (var i = 0; i < cells.Count; i++)
            {
                if (suppressed[i])
                {
                    targets.Add(table.CellNode[i]);
                }
                else
                {
                    known[table.CellNode[i]] = true;
                }
            }

            // A node both withheld and published: its published cells give it away.
            var revealed = targets.Where(n => known[n]).SelectMany(n => cellsOf[n]).ToList();
            revealed.ForEach(i => suppressed[i] = true);
            if (revealed.Count > 0)
            {
                continue;
            }

            // Nodes whose cells this round withholds; a target next to one is judged again next round.
            // A node an equation gives away on its own (a margin with one withheld part) is closed
            // first, with that equation's smallest published term: closing it often closes the
            // nodes that were determined only through it. Only when there is none, a determined
            // node takes the smallest term of any of its equations, or else of anything it is
            // connected to.
            var touched = new HashSet<int>();
            var determined = StatisticsDerivation.Determined(table, known, targets).Order().ToList();
            if (determined.Count > 0)
            {
                // A node the equations determine with no published count at all can only come out as 0:
                // withholding more changes nothing for it, and its true count (withheld, so not 0 unless
                // a complement) is not what the equations say. Computed once, when first needed.
                structural ??= StatisticsDerivation.Determined(table, new bool[table.NodeCount], table.CellNode.ToHashSet());
                determined.RemoveAll(structural.Contains);
            }

            var alone = determined.ToDictionary(n => n, n => table.EquationsOf[n].Select(e => table.Equations[e]).Where(e => e.Count(x => !known[x]) == 1).SelectMany(e => e).Where(x => known[x]).ToList());
            var direct = alone.Values.Any(terms => terms.Count > 0);
            foreach (var node in determined.Where(n => !Terms(table, n).Any(touched.Contains)))
            {
                var cell = direct
                    ? Smallest(alone[node], cellsOf, cells, suppressed)
                    : Smallest(Terms(table, node).Where(n => known[n]), cellsOf, cells, suppressed) ?? Smallest(Component(table, node, known), cellsOf, cells, suppressed);
                Withhold(cell, table, suppressed, touched);
            }

            foreach (var equation in targets.SelectMany(n => table.EquationsOf[n]).Distinct().Order().Select(e => table.Equations[e]).Where(e => !e.Any(touched.Contains)))
            {
                if (RevealedSum(equation, known, targets, cellsOf, suppressed, floor) is > 0 and var sum && sum < threshold)
                {
                    Withhold(Smallest(equation.Where(n => known[n]), cellsOf, cells, suppressed), table, suppressed, touched);
                }
            }

            if (touched.Count == 0)
            {
                return;
            }
        }
    }

    /// <summary>The sum of the withheld parts an equation gives away (its total and every other term published), or null.</summary>
    private static long? RevealedSum(int[] equation, bool[] known, HashSet<int> targets, List<int>[] cellsOf, bool[] suppressed, uint[] floor)
    {
        if (!known[equation[0]] || equation.Skip(1).Count(n => !known[n]) < 2 || equation.Any(n => !known[n] && !targets.Contains(n)))
        {
            return null;
        }

        return equation.Skip(1).Where(n => !known[n]).Sum(n => (long)cellsOf[n].Where(i => suppressed[i]).Max(i => floor[i]));
    }

    /// <summary>Every node that shares an equation with <paramref name="node"/>.</summary>
    private static IEnumerable<int> Terms(StatisticsTable table, int node) =>
        table.EquationsOf[node].SelectMany(e => table.Equations[e]);

    /// <summary>The published nodes connected to <paramref name="node"/> through equations and unknown nodes.</summary>
    private static IEnumerable<int> Component(StatisticsTable table, int node, bool[] known)
    {
        var seen = new HashSet<int> { node };
        var pending = new Stack<int>([node]);
        while (pending.TryPop(out var current))
        {
            foreach (var next in Terms(table, current).Where(seen.Add))
            {
                if (known[next])
                {
                    yield return next;
                }
                else
                {
                    pending.Push(next);
                }
            }
        }
    }

    /// <summary>The published cell on the given nodes with the smallest count, a non-zero one first (then the lowest index).</summary>
    private static int? Smallest(IEnumerable<int> nodes, List<int>[] cellsOf, IList<StatisticsCell> cells, bool[] suppressed) =>
        nodes.Distinct().SelectMany(n => cellsOf[n]).Where(i => !suppressed[i])
            .Select(i => (int?)i)
            .MinBy(i => (cells[i!.Value].Count == 0, cells[i.Value].Count, i.Value));

    private static void Withhold(int? cell, StatisticsTable table, bool[] suppressed, HashSet<int> touched)
    {
        if (cell is { } i)
        {
            suppressed[i] = true;
            touched.Add(table.CellNode[i]);
        }
    }
}
