using System.Diagnostics;

namespace CrossBorder.Benchmarks;

/// <summary>
/// A plain timing loop: warm-up, then three timed rounds on this thread; the median round gives
/// operations per second, and the allocation counter gives bytes allocated per operation. All
/// figures of one report come from the same process run, so their ratios are comparable.
/// </summary>
internal static class Measure
{
    public static Result Run(string name, Action operation, TimeSpan round)
    {
        var warmUp = Stopwatch.StartNew();
        while (warmUp.Elapsed < TimeSpan.FromMilliseconds(300))
        {
            operation();
        }

        var rounds = new List<(double OpsPerSecond, double BytesPerOp)>();
        for (var r = 0; r < 3; r++)
        {
            long count = 0;
            var allocatedBefore = GC.GetAllocatedBytesForCurrentThread();
            var timer = Stopwatch.StartNew();
            while (timer.Elapsed < round)
            {
                operation();
                count++;
            }

            timer.Stop();
            var allocated = GC.GetAllocatedBytesForCurrentThread() - allocatedBefore;
            rounds.Add((count / timer.Elapsed.TotalSeconds, (double)allocated / count));
        }

        var median = rounds.OrderBy(r => r.OpsPerSecond).ElementAt(1);
        return new Result(name, median.OpsPerSecond, median.BytesPerOp);
    }
}
