using System.Text.Json;
using System.Text.Json.Serialization;

namespace CrossBorder.Core.Tests.Pkits;

/// <summary>One entry of TestData/pkits/cases.json (format: the README beside the data).</summary>
public sealed record PkitsCase(
    [property: JsonPropertyName("id")] string Id,
    [property: JsonPropertyName("section")] string Section,
    [property: JsonPropertyName("title")] string Title,
    [property: JsonPropertyName("anchor")] string Anchor,
    [property: JsonPropertyName("leaf")] string Leaf,
    [property: JsonPropertyName("intermediates")] string[] Intermediates,
    [property: JsonPropertyName("crl_only_certs")] string[] CrlOnlyCerts,
    [property: JsonPropertyName("crls")] string[] Crls,
    [property: JsonPropertyName("validation_time")] DateTimeOffset ValidationTime,
    [property: JsonPropertyName("settings")] PkitsSettings Settings,
    [property: JsonPropertyName("expected")] string Expected,
    [property: JsonPropertyName("requires")] string[] Requires)
{
    public static readonly string Directory = Path.Combine(AppContext.BaseDirectory, "TestData", "pkits");

    public bool ExpectedValid => Expected == "valid";

    /// <summary>A PKITS re-run with non-default user settings.</summary>
    public bool HasPolicySettings => Requires.Contains("policy-settings");

    /// <summary>The certification path as PKITS lists it: the intermediates before the first CRL-only certificate.</summary>
    public IEnumerable<string> CertificationPath => Intermediates.TakeWhile(name => !CrlOnlyCerts.Contains(name));

    public static IReadOnlyList<PkitsCase> LoadAll() =>
        JsonSerializer.Deserialize<PkitsCase[]>(File.ReadAllBytes(Path.Combine(Directory, "cases.json")))!;

    /// <summary>How many cases cases.json holds, counted without the typed model.</summary>
    public static int CountInFile()
    {
        using var document = JsonDocument.Parse(File.ReadAllBytes(Path.Combine(Directory, "cases.json")));
        return document.RootElement.GetArrayLength();
    }

    public override string ToString() => $"{Id} {Title}";
}
