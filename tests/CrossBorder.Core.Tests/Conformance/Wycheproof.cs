using System.Globalization;
using System.Text.Json;

namespace CrossBorder.Core.Tests.Conformance;

/// <summary>The expected outcome of a Wycheproof vector.</summary>
internal enum WycheproofResult
{
    Valid,
    Invalid,
    Acceptable,
}

/// <summary>
/// One Wycheproof test-vector file from TestData/wycheproof (copied next to the test assembly):
/// <c>numberOfTests</c> and the test groups. Field names follow the Wycheproof schemas; byte
/// strings are lowercase hex.
/// </summary>
internal sealed class WycheproofFile
{
    private static readonly string Directory = Path.Combine(AppContext.BaseDirectory, "TestData", "wycheproof");

    private WycheproofFile(string name, int numberOfTests, IReadOnlyList<WycheproofGroup> groups)
    {
        Name = name;
        NumberOfTests = numberOfTests;
        Groups = groups;
    }

    public string Name { get; }

    public int NumberOfTests { get; }

    public IReadOnlyList<WycheproofGroup> Groups { get; }

    public static WycheproofFile Load(string fileName)
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Directory, fileName)));
        var root = document.RootElement;
        var groups = root.GetProperty("testGroups").EnumerateArray()
            .Select(group => new WycheproofGroup(group.Clone()))
            .ToList();
        return new WycheproofFile(fileName, root.GetProperty("numberOfTests").GetInt32(), groups);
    }
}

/// <summary>A test group: the shared inputs (key, sizes) and its tests.</summary>
internal sealed class WycheproofGroup(JsonElement element)
{
    public IReadOnlyList<WycheproofTest> Tests { get; } =
        element.GetProperty("tests").EnumerateArray().Select(test => new WycheproofTest(test)).ToList();

    public int Int(string name) => element.GetProperty(name).GetInt32();

    public string String(string name) => element.GetProperty(name).GetString()!;

    public byte[] Hex(string name) => Convert.FromHexString(String(name));
}

/// <summary>A single vector: tcId, comment, flags, result and its hex inputs and outputs.</summary>
internal sealed class WycheproofTest(JsonElement element)
{
    public int TcId { get; } = element.GetProperty("tcId").GetInt32();

    public string Comment { get; } = element.GetProperty("comment").GetString()!;

    public IReadOnlyList<string> Flags { get; } =
        element.GetProperty("flags").EnumerateArray().Select(flag => flag.GetString()!).ToList();

    public WycheproofResult Result { get; } = element.GetProperty("result").GetString() switch
    {
        "valid" => WycheproofResult.Valid,
        "invalid" => WycheproofResult.Invalid,
        "acceptable" => WycheproofResult.Acceptable,
        var other => throw new InvalidDataException($"unknown Wycheproof result '{other}'"),
    };

    public string String(string name) => element.GetProperty(name).GetString()!;

    public byte[] Hex(string name) => Convert.FromHexString(String(name));

    public override string ToString() =>
        string.Create(CultureInfo.InvariantCulture, $"tcId {TcId} ({Result}, [{string.Join(", ", Flags)}] {Comment})");
}

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
