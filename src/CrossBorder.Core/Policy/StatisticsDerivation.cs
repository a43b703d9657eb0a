using System.Numerics;

namespace CrossBorder.Core.Policy;

/// <summary>
/// Which unknown nodes of a <see cref="StatisticsTable"/> a reader can compute from the known
/// ones, by any linear combination of the table's equations (every chain of subtractions over
/// rows, columns, margins and bands at once). An unknown x is determined exactly when the unit
/// vector of x lies in the row space of the equations restricted to the unknowns. The
/// elimination is exact (integers, no rounding; 64-bit, redone with big integers should a value
/// overflow), so the answer is a proof, not an estimate.
/// </summary>
internal static class StatisticsDerivation
{
    /// <summary>The <paramref name="targets"/> whose value the equations determine, given which nodes are <paramref name="known"/>.</summary>
    public static HashSet<int> Determined(StatisticsTable table, bool[] known, IReadOnlySet<int> targets)
    {
        var derived = (bool[])known.Clone();
        var determined = Subtract(table, derived, targets);
        var rows = Rows(table, derived, targets);
        try
        {
            determined.UnionWith(Eliminate<long>(rows, targets));
        }
        catch (OverflowException)
        {
            determined.UnionWith(Eliminate<BigInteger>(rows, targets));
        }

        return determined;
    }

    /// <summary>
    /// Plain subtraction first, to a fixed point: an equation with one unknown left gives it away,
    /// which may leave another equation with one unknown. The nodes found are marked known in
    /// <paramref name="known"/>; the targets among them are returned.
    /// </summary>
    private static HashSet<int> Subtract(StatisticsTable table, bool[] known, IReadOnlySet<int> targets)
    {
        var equations = table.Equations;
        var unknowns = equations.Select(e => e.Count(n => !known[n])).ToArray();
        var single = new Queue<int>(Enumerable.Range(0, equations.Count).Where(e => unknowns[e] == 1));
        var found = new HashSet<int>();
        while (single.TryDequeue(out var e))
        {
            if (unknowns[e] != 1)
            {
                continue;
            }

            var node = equations[e].First(n => !known[n]);
            known[node] = true;
            if (targets.Contains(node))
            {
                found.Add(node);
            }

            foreach (var other in table.EquationsOf[node])
            {
                if (--unknowns[other] == 1)
                {
                    single.Enqueue(other);
                }
            }
        }

        return found;
    }

    /// <summary>
    /// The equations over the unknowns that can matter to a target: equations without unknowns
    /// are dropped, and so, repeatedly, is the one equation of an unknown (not a target) that
    /// occurs in no other: whatever the rest is, that unknown can satisfy it, so it tells nothing
    /// about the others. Only equations connected to a target through shared unknowns remain.
    /// </summary>
    private static List<(int Node, int Sign)[]> Rows(StatisticsTable table, bool[] known, IReadOnlySet<int> targets)
    {
        var equations = table.Equations;
        var alive = new bool[equations.Count];
        var occurrences = new int[table.NodeCount];
        for (var e = 0; e < equations.Count; e++)
        {
            alive[e] = equations[e].Any(n => !known[n]);
            if (alive[e])
            {
                foreach (var node in equations[e].Where(n => !known[n]))
                {
                    occurrences[node]++;
                }
            }
        }

        var single = new Queue<int>(Enumerable.Range(0, table.NodeCount).Where(n => occurrences[n] == 1 && !targets.Contains(n)));
        while (single.TryDequeue(out var node))
        {
            if (occurrences[node] != 1)
            {
                continue;
            }

            var e = table.EquationsOf[node].First(x => alive[x]);
            alive[e] = false;
            foreach (var other in equations[e].Where(n => !known[n]))
            {
                if (--occurrences[other] == 1 && !targets.Contains(other))
                {
                    single.Enqueue(other);
                }
            }
        }

        var reached = new bool[equations.Count];
        var seen = new HashSet<int>(targets.Where(t => !known[t]));
        var pending = new Stack<int>(seen);
        var rows = new List<(int, int)[]>();
        while (pending.TryPop(out var node))
        {
            foreach (var e in table.EquationsOf[node].Where(x => alive[x] && !reached[x]))
            {
                reached[e] = true;
                var terms = equations[e];
                rows.Add([.. terms.Select((n, t) => (n, t == 0 ? 1 : -1)).Where(x => !known[x.n])]);
                foreach (var next in terms.Where(n => !known[n] && seen.Add(n)))
                {
                    pending.Push(next);
                }
            }
        }

        return rows;
    }

    /// <summary>Gauss-Jordan elimination over the integers; the targets whose unit vector is a reduced row.</summary>
    private static List<int> Eliminate<T>(List<(int Node, int Sign)[]> equations, IReadOnlySet<int> targets)
        where T : IBinaryInteger<T>
    {
        var pivots = new Dictionary<int, Dictionary<int, T>>();
        var rowsWith = new Dictionary<int, HashSet<int>>(); // column -> pivots of the rows holding it
        // Short equations first: pivoting on them brings in few columns elsewhere.
        foreach (var equation in equations.OrderBy(e => e.Length))
        {
            var row = equation.ToDictionary(x => x.Node, x => T.CreateChecked(x.Sign));

            // Pivot rows are fully reduced: reducing by one never brings in another pivot column.
            foreach (var column in row.Keys.Where(pivots.ContainsKey).ToList())
            {
                if (row.TryGetValue(column, out var factor))
                {
                    Cancel(row, pivots[column], column, factor);
                }
            }

            if (row.Count == 0)
            {
                continue;
            }

            // The column held by the fewest reduced rows, a non-target first: the least fill-in.
            var pivot = row.Keys.MinBy(c => (targets.Contains(c), rowsWith.TryGetValue(c, out var h) ? h.Count : 0, c));
            foreach (var other in rowsWith.GetValueOrDefault(pivot)?.ToList() ?? [])
            {
                var otherRow = pivots[other];
                var before = otherRow.Keys.ToList();
                Cancel(otherRow, row, pivot, otherRow[pivot]);
                Index(rowsWith, other, before, otherRow);
            }

            pivots.Add(pivot, row);
            Index(rowsWith, pivot, [], row);
        }

        // Every pivot column occurs in its row only, so x is in the row space iff its row is a multiple of x alone.
        return pivots.Where(p => p.Value.Count == 1 && targets.Contains(p.Key)).Select(p => p.Key).ToList();
    }

    private static void Index<T>(Dictionary<int, HashSet<int>> rowsWith, int pivot, List<int> before, Dictionary<int, T> row)
    {
        foreach (var column in before.Where(c => !row.ContainsKey(c)))
        {
            rowsWith[column].Remove(pivot);
        }

        foreach (var column in row.Keys.Where(c => c != pivot))
        {
            if (!rowsWith.TryGetValue(column, out var holders))
            {
                rowsWith.Add(column, holders = []);
            }

            holders.Add(pivot);
        }
    }

    /// <summary><paramref name="row"/> := row·p − pivotRow·factor, which clears <paramref name="column"/> (p is the pivot row's entry there); then divided by the gcd.</summary>
    private static void Cancel<T>(Dictionary<int, T> row, Dictionary<int, T> pivotRow, int column, T factor)
        where T : IBinaryInteger<T>
    {
        var p = pivotRow[column];
        foreach (var key in row.Keys.ToList())
        {
            row[key] = checked(row[key] * p);
        }

        foreach (var (key, value) in pivotRow)
        {
            var updated = checked(row.GetValueOrDefault(key, T.Zero) - checked(value * factor));
            if (T.IsZero(updated))
            {
                row.Remove(key);
            }
            else
            {
                row[key] = updated;
            }
        }

        var gcd = row.Values.Aggregate(T.Zero, (a, b) => Gcd(a, T.Abs(b)));
        if (gcd > T.One)
        {
            foreach (var key in row.Keys.ToList())
            {
                row[key] /= gcd;
            }
        }
    }

    private static T Gcd<T>(T a, T b)
        where T : IBinaryInteger<T>
    {
        while (!T.IsZero(b))
        {
            (a, b) = (b, a % b);
        }

        return a;
    }
}
