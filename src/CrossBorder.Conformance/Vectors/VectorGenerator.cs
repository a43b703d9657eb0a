using System.Globalization;
using System.Text.Encodings.Web;
using System.Text.Json;
using System.Text.Json.Serialization;

namespace CrossBorder.Conformance.Vectors;

/// <summary>
/// Makes the test vector set for a validation time: the federation, the envelope, trust list and
/// CRL vectors, and <c>vectors.json</c> indexing them. Two runs with the same time differ only in
/// what <see cref="Randomness"/> names.
/// </summary>
internal static class VectorGenerator
{
    public const string IndexFile = "vectors.json";

    /// <summary>The validation time when none is given: the instant of the wire spec's example.</summary>
    public static readonly DateTimeOffset DefaultTime = new(2026, 11, 28, 10, 0, 0, TimeSpan.Zero);

    /// <summary>What the generator writes into its output folder (and replaces when forced); anything else there is left alone.</summary>
    public static readonly IReadOnlyList<string> Outputs = [IndexFile, "federation", "envelopes", "trust-lists", "crls"];

    public static readonly IReadOnlyList<string> Randomness =
    [
        "key pairs: every .key file, and the public keys and key identifiers (subject and authority key identifier extensions) in every certificate",
        "certificate serial numbers (random 128-bit positive integers), and so the serial numbers listed in CRLs",
        "signatures: of certificates, CRLs and trust lists (ECDSA), and of the signed content inside each envelope (ECDSA), hence a few octets of DER length",
        "per envelope: the AES-256 content-encryption key, the 12-octet GCM nonce, the ephemeral ECDH key pair or the RSA-OAEP seed, and so the ciphertext, GCM tag and wrapped key",
    ];

    public static readonly JsonSerializerOptions Json = new()
    {
        WriteIndented = true,
        PropertyNamingPolicy = JsonNamingPolicy.CamelCase,
        DefaultIgnoreCondition = JsonIgnoreCondition.WhenWritingNull,
        Encoder = JavaScriptEncoder.UnsafeRelaxedJsonEscaping,
    };

    /// <summary>The command that makes the set, as the index records it (DIR is where it is written).</summary>
    public static string Command(DateTimeOffset time) =>
        $"crossborder conformance vectors --out DIR --time {Format(time)}";

    public static string Format(DateTimeOffset time) => time.UtcDateTime.ToString("yyyy-MM-dd'T'HH:mm:ss'Z'", CultureInfo.InvariantCulture);

    /// <summary>Makes the whole set in memory; <see cref="VectorFiles.All"/> includes the index.</summary>
    public static (VectorIndex Index, VectorFiles Files) Generate(DateTimeOffset time)
    {
        var files = new VectorFiles();
        var book = new VectorBook(files);
        using var federation = new VectorFederation(time, files);
        List<VectorGroup> groups = [.. EnvelopeVectors.All(federation, book), TrustListVectors.Group(federation, book), CrlVectors.Group(federation, book)];
        var index = new VectorIndex(
            "crossborder-conformance-vectors",
            1,
            Command(time),
            Format(time),
            new VectorReceiverSettings(300, 336, 16 * 1024 * 1024, 24),
            new SortedDictionary<string, string>(StringComparer.Ordinal)
            {
                ["operatorCertificate"] = "federation/operator.crt",
                ["trustList"] = "federation/trust-list.p7",
            },
            Randomness,
            VectorFlags.Notes,
            groups.Sum(g => g.Tests.Count),
            groups);
        files.Add(IndexFile, JsonSerializer.SerializeToUtf8Bytes(index, Json));
        return (index, files);
    }

    /// <summary>Generates into <paramref name="folder"/>, first removing what an earlier run wrote there.</summary>
    public static VectorIndex Write(string folder, DateTimeOffset time)
    {
        var (index, files) = Generate(time);
        foreach (var output in Outputs)
        {
            var path = Path.Combine(folder, output);
            if (Directory.Exists(path))
            {
                Directory.Delete(path, recursive: true);
            }
            else if (File.Exists(path))
            {
                File.Delete(path);
            }
        }

        files.WriteTo(folder);
        return index;
    }
}
