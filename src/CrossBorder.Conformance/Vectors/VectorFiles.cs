using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;

namespace CrossBorder.Conformance.Vectors;

/// <summary>
/// The files of a vector set, collected in memory under their relative paths (forward slashes)
/// and written at the end: certificates as PEM (<c>.crt</c>), private keys as PKCS#8 PEM
/// (<c>.key</c>), everything else as the bytes a receiver would be handed.
/// </summary>
internal sealed class VectorFiles
{
    private readonly SortedDictionary<string, byte[]> _files = new(StringComparer.Ordinal);

    public IReadOnlyDictionary<string, byte[]> All => _files;

    /// <summary>Adds a file; a path is written once.</summary>
    public string Add(string path, byte[] bytes)
    {
        if (!_files.TryAdd(path, bytes))
        {
            throw new InvalidOperationException($"vector file {path} is written twice");
        }

        return path;
    }

    /// <summary>Adds <paramref name="path"/>.crt and, with a key, <paramref name="path"/>.key.</summary>
    public void Certificate(string path, X509Certificate2 certificate, AsymmetricAlgorithm? key)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        Add(path + ".crt", Encoding.ASCII.GetBytes(certificate.ExportCertificatePem() + "\n"));
        if (key is not null)
        {
            Add(path + ".key", Encoding.ASCII.GetBytes(key.ExportPkcs8PrivateKeyPem() + "\n"));
        }
    }

    /// <summary>Writes every file under <paramref name="root"/>.</summary>
    public void WriteTo(string root)
    {
        foreach (var (path, bytes) in _files)
        {
            var full = Path.Combine(root, path.Replace('/', Path.DirectorySeparatorChar));
            Directory.CreateDirectory(Path.GetDirectoryName(full)!);
            File.WriteAllBytes(full, bytes);
        }
    }
}
