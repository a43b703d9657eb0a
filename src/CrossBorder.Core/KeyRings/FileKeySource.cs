using System.Globalization;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text;
using CrossBorder.Core.Certificates;

namespace CrossBorder.Core.KeyRings;

/// <summary>
/// Keys kept in files: the configured signing and encryption certificates with their key files
/// (main first, then rollover), and the issuing chain embedded with signatures. The version is the
/// write time and length of every file, so replacing a file is seen on the next reload tick.
/// Certificates loaded are kept until the source is disposed (the gateway stops): a message being
/// signed or opened may still hold one after a newer load, and loads happen only when a file changed.
/// </summary>
public sealed class FileKeySource : IKeySource, IDisposable
{
    private readonly IReadOnlyList<KeyFilePair> _signing;
    private readonly IReadOnlyList<KeyFilePair> _encryption;
    private readonly string? _chainPath;
    private readonly List<X509Certificate2> _loaded = [];
    private readonly Lock _gate = new();

    /// <summary>Creates the source.</summary>
    /// <param name="signing">Signing certificate and key files, the main one first.</param>
    /// <param name="encryption">Encryption certificate and key files, the main one first.</param>
    /// <param name="chainPath">The issuing chain to embed with signatures; null for none.</param>
    public FileKeySource(IReadOnlyList<KeyFilePair> signing, IReadOnlyList<KeyFilePair> encryption, string? chainPath)
    {
        ArgumentNullException.ThrowIfNull(signing);
        ArgumentNullException.ThrowIfNull(encryption);
        if (signing.Count == 0 || encryption.Count == 0)
        {
            throw new ArgumentException("both rings need at least one certificate and key file");
        }

        _signing = signing;
        _encryption = encryption;
        _chainPath = chainPath;
    }

    /// <inheritdoc />
    public string Version()
    {
        var version = new StringBuilder();
        foreach (var path in Files())
        {
            var file = new FileInfo(path);
            version.Append(path).Append('|');
            version.Append(file.Exists ? string.Create(CultureInfo.InvariantCulture, $"{file.LastWriteTimeUtc.Ticks}|{file.Length}") : "missing").Append(';');
        }

        return version.ToString();
    }

    /// <inheritdoc />
    public KeyRingSet Load()
    {
        var chain = LoadChain();
        var signing = LoadAll(_signing);
        var encryption = LoadAll(_encryption);
        return new KeyRingSet(new KeyRing(signing, chain), new KeyRing(encryption, []));
    }

    /// <summary>Disposes every certificate (and its key) this source loaded.</summary>
    public void Dispose()
    {
        lock (_gate)
        {
            foreach (var certificate in _loaded)
            {
                certificate.Dispose();
            }

            _loaded.Clear();
        }
    }

    private IEnumerable<string> Files()
    {
        foreach (var pair in _signing.Concat(_encryption))
        {
            yield return pair.CertificatePath;
            yield return pair.KeyPath;
        }

        if (_chainPath is not null)
        {
            yield return _chainPath;
        }
    }

    private X509Certificate2Collection LoadChain()
    {
        if (_chainPath is null)
        {
            return [];
        }

        try
        {
            var chain = CertificateFiles.LoadCertificates(_chainPath);
            Keep(chain);
            return chain;
        }
        catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException)
        {
            throw new KeySourceException($"{_chainPath}: no readable certificate chain ({ex.GetType().Name})", ex);
        }
    }

    private List<X509Certificate2> LoadAll(IReadOnlyList<KeyFilePair> pairs)
    {
        var certificates = new List<X509Certificate2>(pairs.Count);
        foreach (var pair in pairs)
        {
            try
            {
                var certificate = CertificateFiles.LoadCertificateWithKey(pair.CertificatePath, pair.KeyPath);
                Keep([certificate]);
                certificates.Add(certificate);
            }
            catch (Exception ex) when (ex is CryptographicException or IOException or UnauthorizedAccessException)
            {
                throw new KeySourceException($"{pair.CertificatePath} with {pair.KeyPath}: {Describe(ex)}", ex);
            }
        }

        return certificates;
    }

    private void Keep(IEnumerable<X509Certificate2> certificates)
    {
        lock (_gate)
        {
            _loaded.AddRange(certificates);
        }
    }

    // The loader's own texts are plain sentences ("the private key does not belong to the
    // certificate"); I/O errors are named by type only, so that no file content reaches a log.
    private static string Describe(Exception ex) => ex is CryptographicException ? ex.Message : ex.GetType().Name;
}
