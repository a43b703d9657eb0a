namespace CrossBorder.Benchmarks;

/// <summary>
/// Operations per second (median round); over the three rounds, the process's CPU milliseconds and
/// bytes allocated (all threads) per operation, and the share of all cores the process used; and
/// the CPU milliseconds per operation of a server outside the process (a database), 0 when none.
/// </summary>
internal sealed record Rate(double PerSecond, double CpuMs, double BytesAllocated, double CpuBusy, double ServerCpuMs = 0);
