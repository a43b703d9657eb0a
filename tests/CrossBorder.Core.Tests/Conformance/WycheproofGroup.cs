using System.Text.Json;

namespace CrossBorder.Core.Tests.Conformance;

/// <summary>A test group: the shared inputs (key, sizes) and its tests.</summary>
internal sealed class WycheproofGroup(JsonElement element)
{
    public IReadOnlyList<WycheproofTest> Tests { get; } =
        element.GetProperty("tests").EnumerateArray().Select(test => new WycheproofTest(test)).ToList();

    public int Int(string name) => element.GetProperty(name).GetInt32();

    public string String(string name) => element.GetProperty(name).GetString()!;

    public byte[] Hex(string name) => Convert.FromHexString(String(name));
}
