using System.Globalization;

namespace CrossBorder.Gateway.Tests.Replicas;

/// <summary>
/// One measured quantity of the soak over time (a replica's working set, a database's size, its
/// open connections), with the figures the report gives: first, last, highest, and the
/// least-squares slope per minute over the second half of the run, after the warm-up.
/// </summary>
internal sealed class SoakSeries(string name, string unit)
{
    private readonly List<(double Seconds, double Value)> _points = [];

    public string Name => name;

    public string Unit => unit;

    public int Count => _points.Count;

    public double First => _points.Count == 0 ? double.NaN : _points[0].Value;

    public double Last => _points.Count == 0 ? double.NaN : _points[^1].Value;

    public double Max => _points.Count == 0 ? double.NaN : _points.Max(p => p.Value);

    public void Add(double seconds, double value) => _points.Add((seconds, value));

    /// <summary>The least-squares slope, in units per minute, of the points at or after <paramref name="fromSeconds"/>; NaN with fewer than two.</summary>
    public double SlopePerMinute(double fromSeconds)
    {
        var points = _points.Where(p => p.Seconds >= fromSeconds).ToList();
        if (points.Count < 2)
        {
            return double.NaN;
        }

        var meanT = points.Average(p => p.Seconds);
        var meanV = points.Average(p => p.Value);
        var covariance = points.Sum(p => (p.Seconds - meanT) * (p.Value - meanV));
        var variance = points.Sum(p => (p.Seconds - meanT) * (p.Seconds - meanT));
        return variance == 0 ? double.NaN : covariance / variance * 60;
    }

    /// <summary>A report row: name, unit, first, last, highest, slope per minute after <paramref name="fromSeconds"/>.</summary>
    public string Row(double fromSeconds) => string.Create(CultureInfo.InvariantCulture,
        $"| {name} | {unit} | {First:0.#} | {Last:0.#} | {Max:0.#} | {SlopePerMinute(fromSeconds):+0.##;-0.##;0} |");
}
