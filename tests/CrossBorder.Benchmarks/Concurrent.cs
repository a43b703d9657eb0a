using System.Diagnostics;

namespace CrossBorder.Benchmarks;

/// <summary>
/// Throughput with N concurrent workers: each repeats one operation (closed loop, so at most N
/// are in flight); after a warm-up, three timed rounds, and the median round gives operations per
/// second. Over the three rounds, the process's CPU time and allocations per operation and how
/// busy the cores were come with it: they say what an operation costs, and whether the figure was
/// bound by the processors or by waiting, even when the machine is shared. The workers finish the
/// operation under way before the figure is returned.
/// </summary>
internal static class Concurrent
{
    private static readonly TimeSpan WarmUp = TimeSpan.FromMilliseconds(500);

    /// <summary>N asynchronous workers on the thread pool; <paramref name="serverCpu"/> reads the CPU time of a server outside this process that the operation uses, over the same rounds.</summary>
    public static async Task<Rate> RunAsync(int workers, Func<Task> operation, TimeSpan round, Func<TimeSpan>? serverCpu = null)
    {
        long completed = 0;
        using var stop = new CancellationTokenSource();
        var running = Enumerable.Range(0, workers).Select(_ => Task.Run(
            async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    await operation().ConfigureAwait(false);
                    Interlocked.Increment(ref completed);
                }
            },
            CancellationToken.None)).ToArray();
        var rounds = new List<double>();
        TimeSpan cpu;
        TimeSpan server;
        TimeSpan elapsed;
        long allocated;
        long operations;
        try
        {
            await Task.Delay(WarmUp, TimeProvider.System).ConfigureAwait(false);
            var serverBefore = serverCpu?.Invoke() ?? TimeSpan.Zero;
            var cpuBefore = ProcessorTime();
            var allocatedBefore = GC.GetTotalAllocatedBytes();
            var first = Interlocked.Read(ref completed);
            var count = first;
            var begin = Stopwatch.GetTimestamp();
            var at = begin;
            for (var r = 0; r < 3; r++)
            {
                await Task.Delay(round, TimeProvider.System).ConfigureAwait(false);
                var nextCount = Interlocked.Read(ref completed);
                var nextAt = Stopwatch.GetTimestamp();
                rounds.Add((nextCount - count) / Stopwatch.GetElapsedTime(at, nextAt).TotalSeconds);
                (count, at) = (nextCount, nextAt);
            }

            cpu = ProcessorTime() - cpuBefore;
            server = (serverCpu?.Invoke() ?? TimeSpan.Zero) - serverBefore;
            allocated = GC.GetTotalAllocatedBytes() - allocatedBefore;
            elapsed = Stopwatch.GetElapsedTime(begin, at);
            operations = Math.Max(1, count - first);
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(running).ConfigureAwait(false);
        }

        return new Rate(
            rounds.Order().ElementAt(1),
            cpu.TotalMilliseconds / operations,
            (double)allocated / operations,
            cpu / (elapsed * Environment.ProcessorCount),
            server.TotalMilliseconds / operations);
    }

    /// <summary>N workers on the thread pool for a synchronous, CPU-bound operation: each yields between operations, so the N share the pool's threads as the gateway's work does.</summary>
    public static Task<Rate> RunCpuAsync(int workers, Action operation, TimeSpan round) =>
        RunAsync(workers, async () =>
        {
            await Task.Yield();
            operation();
        }, round);

    private static TimeSpan ProcessorTime()
    {
        using var process = Process.GetCurrentProcess();
        return process.TotalProcessorTime;
    }
}
