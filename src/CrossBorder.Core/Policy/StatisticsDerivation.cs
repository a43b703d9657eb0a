using System.Numerics;

namespace CrossBorder.Core.Policy;

/// <summary>
/// Which unknown nodes of a <see cref="StatisticsTable"/> a reader can compute from the known
/// ones, by any linear combination of the table's equations (every chain of subtractions over
/// rows, columns, margins and bands at once). An unknown x is determined exactly when the unit
/// vector of x lies in the row space of the equations restricted to the unknowns; the
/// elimination is exact (integers, no rounding), so the answer is a proof, not an estimate.
/// </summary>
internal static class StatisticsDerivation
{
    /// <summary>The <paramref name="targets"/> whose value the equations determine, given which nodes are <paramref name="known"/>.</summary>
    public static HashSet<int> Determined(StatisticsTable table, bool[] known, IReadOnlySet<int> targets)
    {
        var rows = Rows(table, known, targets);
        var pivots = new Dictionary<int, Dictionary<int, BigInteger>>();
        foreach (var row in rows)
        {
            // Reduce by every pivot row: those are fully reduced, so one pass leaves no pivot column in the row.
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

            var pivot = row.Keys.Min();
            foreach (var other in pivots.Values)
            {
                if (other.TryGetValue(pivot, out var factor))
                {
                    Cancel(other, row, pivot, factor);
                }
            }

            pivots.Add(pivot, row);
        }

        // Every pivot column occurs in its row only, so x is in the row space iff its row is a multiple of x alone.
        return [.. pivots.Where(p => p.Value.Count == 1 && targets.Contains(p.Key)).Select(p => p.Key)];
    }

    /// <summary>
    /// The equations over the unknowns that can matter to a target: equations without unknowns
    /// are dropped, and so, repeatedly, is the one equation of an unknown (not a target) that
    /// occurs in no other: whatever the rest is, that unknown can satisfy it, so it tells nothing
    /// about the others. Only equations connected to a target through shared unknowns remain.
    /// </summary>
    private static List<Dictionary<int, BigInteger>> Rows(StatisticsTable table, bool[] known, IReadOnlySet<int> targets)
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
        var seen = new HashSet<int>(targets);
        var pending = new Stack<int>(targets);
        var rows = new List<Dictionary<int, BigInteger>>();
        while (pending.TryPop(out var node))
        {
            foreach (var e in table.EquationsOf[node].Where(x => alive[x] && !reached[x]))
            {
                reached[e] = true;
                var row = new Dictionary<int, BigInteger>();
                var terms = equations[e];
                for (var t = 0; t < terms.Length; t++)
                {
                    if (!known[terms[t]])
                    {
                        row[terms[t]] = t == 0 ? BigInteger.One : BigInteger.MinusOne;
                        if (seen.Add(terms[t]))
                        {
                            pending.Push(terms[t]);
                        }
                    }
                }

                rows.Add(row);
            }
        }

        return rows;
    }

    /// <summary><paramref name="row"/> := row·p − pivotRow·factor, which clears <paramref name="column"/> (p is the pivot row's entry there); then divided by the gcd.</summary>
    private static void Cancel(Dictionary<int, BigInteger> row, Dictionary<int, BigInteger> pivotRow, int column, BigInteger factor)
    {
        var p = pivotRow[column];
        foreach (var key in row.Keys.ToList())
        {
            row[key] *= p;
        }

        foreach (var (key, value) in pivotRow)
        {
            var updated = row.GetValueOrDefault(key) - (value * factor);
            if (updated.IsZero)
            {
                row.Remove(key);
            }
            else
            {
                row[key] = updated;
            }
        }

        var gcd = row.Values.Aggregate(BigInteger.Zero, BigInteger.GreatestCommonDivisor);
        if (gcd > BigInteger.One)
        {
            foreach (var key in row.Keys.ToList())
            {
                row[key] /= gcd;
            }
        }
    }
}
