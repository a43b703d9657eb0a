namespace CrossBorder.Benchmarks;

internal sealed record Result(string Name, double OpsPerSecond, double BytesPerOp)
{
    public double SecondsPerOp => 1 / OpsPerSecond;
}
