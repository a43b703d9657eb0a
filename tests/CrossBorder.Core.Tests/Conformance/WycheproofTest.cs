using System.Globalization;
using System.Text.Json;

namespace CrossBorder.Core.Tests.Conformance;

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
