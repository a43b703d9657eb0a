using System.Text.Json;

namespace CrossBorder.Core.Tests.Conformance;

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
