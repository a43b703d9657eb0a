using System.Text.Json;
using System.Text.Json.Serialization;

namespace CrossBorder.Conformance.Target;

/// <summary>
/// The conformance profile: the credentials of a participant the target trusts, with which the
/// harness plays the sender — its TLS, signing and encryption certificates and keys, the signed
/// trust list and the federation operator's certificate that opens it. The target's own
/// certificates come from the trust list. Relative paths are relative to the profile's folder.
/// <c>dev-pki init</c> writes one per participant as <c>participants/&lt;id&gt;/conformance.json</c>.
/// </summary>
internal sealed class ConformanceProfile
{
    private static readonly JsonSerializerOptions Json = new()
    {
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        WriteIndented = true,
        UnmappedMemberHandling = JsonUnmappedMemberHandling.Disallow,
    };

    /// <summary>The participant the harness plays, e.g. <c>IT/NCP</c>.</summary>
    public string Participant { get; set; } = "";

    public ProfileFiles Tls { get; set; } = new();

    public ProfileFiles Signing { get; set; } = new();

    /// <summary>Not used to send; kept so that one profile serves the harness in both directions.</summary>
    public ProfileFiles Encryption { get; set; } = new();

    /// <summary>The signed trust list (CMS SignedData, DER).</summary>
    public string TrustList { get; set; } = "";

    /// <summary>The federation operator's certificate, which must have signed the trust list.</summary>
    public string OperatorCertificate { get; set; } = "";

    /// <summary>The legal basis the harness's envelopes cite.</summary>
    public string LegalBasis { get; set; } = "";

    /// <summary>
    /// Optional: the profile of a participant of the same federation on the other channel (police
    /// or victim assistance, wire spec 4.3), for the case that delivers across the channels. Without
    /// it that case is skipped when the profile's own participant is on the target's channel.
    /// </summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingDefault)]
    public string OtherChannel { get; set; } = "";

    /// <summary>Optional: the target's envelope limit in bytes when it is not the spec's default (wire spec 9).</summary>
    [JsonIgnore(Condition = JsonIgnoreCondition.WhenWritingNull)]
    public int? TargetMaxEnvelopeBytes { get; set; }

    /// <summary>The folder relative paths are resolved against (not part of the JSON).</summary>
    [JsonIgnore]
    public string Folder { get; set; } = "";

    public string Resolve(string path) => Path.GetFullPath(path, Folder.Length > 0 ? Folder : Directory.GetCurrentDirectory());

    /// <summary>Reads a profile; throws <see cref="InvalidDataException"/> naming what is wrong.</summary>
    public static ConformanceProfile Load(string path)
    {
        ConformanceProfile? profile;
        try
        {
            profile = JsonSerializer.Deserialize<ConformanceProfile>(File.ReadAllBytes(path), Json);
        }
        catch (JsonException ex)
        {
            throw new InvalidDataException($"conformance profile {path} is not valid: {ex.Message}", ex);
        }

        if (profile is null)
        {
            throw new InvalidDataException($"conformance profile {path} is empty");
        }

        var missing = new List<string>();
        Require(profile.Participant, "participant", missing);
        Require(profile.Tls.Certificate, "tls.certificate", missing);
        Require(profile.Tls.Key, "tls.key", missing);
        Require(profile.Signing.Certificate, "signing.certificate", missing);
        Require(profile.Signing.Key, "signing.key", missing);
        Require(profile.TrustList, "trustList", missing);
        Require(profile.OperatorCertificate, "operatorCertificate", missing);
        Require(profile.LegalBasis, "legalBasis", missing);
        if (missing.Count > 0)
        {
            throw new InvalidDataException($"conformance profile {path} lacks {string.Join(", ", missing)}");
        }

        if (profile.TargetMaxEnvelopeBytes is <= 0)
        {
            throw new InvalidDataException($"conformance profile {path}: targetMaxEnvelopeBytes must be a positive number of bytes");
        }

        profile.Folder = Path.GetDirectoryName(Path.GetFullPath(path)) ?? "";
        return profile;
    }

    /// <summary>The profile as JSON, for <c>dev-pki init</c>.</summary>
    public string ToJson() => JsonSerializer.Serialize(this, Json);

    private static void Require(string value, string name, List<string> missing)
    {
        if (string.IsNullOrWhiteSpace(value))
        {
            missing.Add(name);
        }
    }
}
