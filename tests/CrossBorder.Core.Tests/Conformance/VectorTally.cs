using System.Globalization;

namespace CrossBorder.Core.Tests.Conformance;

/// <summary>
/// Counts the vectors a test ran, by Wycheproof result, and collects every tcId that misbehaved,
/// so that a test fails once listing all of them and proves it ran every vector of the file.
/// </summary>
internal sealed class VectorTally(WycheproofFile file)
{
    private readonly List<string> _failures = [];
    private readonly Dictionary<string, int> _accounted = new(StringComparer.Ordinal);

    public int Valid { get; private set; }

    public int Invalid { get; private set; }

    public int Acceptable { get; private set; }

    public int Total => Valid + Invalid + Acceptable;

    /// <summary>Vectors whose expectation comes from our profile rather than from Wycheproof's result, by reason.</summary>
    public IReadOnlyDictionary<string, int> Accounted => _accounted;

    public void Count(WycheproofTest test)
    {
        switch (test.Result)
        {
            case WycheproofResult.Valid:
                Valid++;
                break;
            case WycheproofResult.Invalid:
                Invalid++;
                break;
            default:
                Acceptable++;
                break;
        }
    }

    /// <summary>Records one vector checked against our profile rather than against Wycheproof's result.</summary>
    public void Account(string reason)
    {
        _accounted[reason] = _accounted.GetValueOrDefault(reason) + 1;
    }

    /// <summary>The counts, for the test output.</summary>
    public string Summary()
    {
        var accounted = string.Concat(_accounted.OrderBy(pair => pair.Key, StringComparer.Ordinal).Select(pair => $"\n  {pair.Value} {pair.Key}"));
        return string.Create(CultureInfo.InvariantCulture, $"{file.Name}: {Total} of {file.NumberOfTests} vectors ({Valid} valid, {Invalid} invalid, {Acceptable} acceptable){accounted}");
    }

    public void Check(bool condition, WycheproofTest test, string what)
    {
        if (!condition)
        {
            _failures.Add($"{test}: {what}");
        }
    }

    public void Fail(WycheproofTest test, string what) => Check(false, test, what);

    /// <summary>Fails with every misbehaving vector; then checks that each vector of the file ran, with the expected split.</summary>
    public void AssertAll(int valid, int invalid, int acceptable)
    {
        Assert.True(
            _failures.Count == 0,
            string.Create(CultureInfo.InvariantCulture, $"{file.Name}: {_failures.Count} vector(s) misbehaved:\n{string.Join('\n', _failures)}"));
        Assert.Equal(file.NumberOfTests, Total);
        Assert.Equal((valid, invalid, acceptable), (Valid, Invalid, Acceptable));
    }
}
