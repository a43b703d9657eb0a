using System.Security.Cryptography.X509Certificates;
using System.Text.Json;
using CrossBorder.Conformance.Vectors;
using CrossBorder.Core.Certificates;

namespace CrossBorder.Conformance.Tests.Vectors;

/// <summary>A vector set on disk: its index and its files, resolved against the folder it is in.</summary>
internal sealed class VectorSet(string root)
{
    /// <summary>The checked-in set, as the build copied it next to the tests.</summary>
    public static readonly Lazy<VectorSet> CheckedIn = new(() => new VectorSet(Path.Combine(AppContext.BaseDirectory, "vectors")));

    private readonly Lazy<VectorIndex> _index = new(() =>
        JsonSerializer.Deserialize<VectorIndex>(File.ReadAllBytes(Path.Combine(root, VectorGenerator.IndexFile)), VectorGenerator.Json)
        ?? throw new InvalidDataException("vectors.json is empty"));

    public string Root => root;

    public VectorIndex Index => _index.Value;

    public DateTimeOffset ValidationTime => DateTimeOffset.Parse(Index.ValidationTime, System.Globalization.CultureInfo.InvariantCulture);

    public IEnumerable<(VectorGroup Group, VectorTest Test)> Tests(string type) =>
        Index.TestGroups.Where(g => g.Type == type).SelectMany(g => g.Tests.Select(t => (g, t)));

    public (VectorGroup Group, VectorTest Test) Find(int tcId) =>
        Index.TestGroups.SelectMany(g => g.Tests.Select(t => (g, t))).Single(p => p.t.TcId == tcId);

    public string PathOf(string file) => Path.Combine(root, file.Replace('/', Path.DirectorySeparatorChar));

    public byte[] Bytes(string file) => File.ReadAllBytes(PathOf(file));

    public X509Certificate2 Certificate(string file) => CertificateFiles.LoadCertificate(PathOf(file));

    public X509Certificate2 CertificateWithKey(string certificate, string key) => CertificateFiles.LoadCertificateWithKey(PathOf(certificate), PathOf(key));

    /// <summary>The tcIds of one kind of vector, for a theory's data.</summary>
    public static TheoryData<int> Ids(string type) => [.. CheckedIn.Value.Tests(type).Select(p => p.Test.TcId)];
}
