namespace CrossBorder.Benchmarks;

/// <summary>
/// Operations per second (median round); over the three rounds, the process's CPU milliseconds and
/// bytes allocated (all threads) per operation, and the share of all cores the process used.
/// </summary>
internal sealed record Rate(double PerSecond, double CpuMs, double BytesAllocated, double CpuBusy);
