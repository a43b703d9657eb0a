using System.Collections.Concurrent;
using System.Security.Cryptography;
using Org.BouncyCastle.X509;

namespace CrossBorder.Core.Trust;

/// <summary>
/// CRLs fetched from the trust list's CRL locations, kept beside the CRLs the trust list embeds.
/// A fetched CRL is kept only if it parses and is newer than the one already held for its issuer;
/// whether it is signed by the issuer and current is judged, as for every CRL, when a path is checked.
/// Fetched CRLs are persisted in a folder so that a restart starts with them.
/// </summary>
public sealed class CrlStore
{
    private readonly string? _folder;
    private readonly object _gate = new();
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, byte[]>> _fetched = new(StringComparer.Ordinal);
    private readonly ConcurrentDictionary<(TrustListSnapshot Trust, string Country, int Version), RevocationChecker> _checkers = new();
    private int _version;

    /// <summary>Creates a store persisting into <paramref name="folder"/> (none: memory only), loading what it holds.</summary>
    public CrlStore(string? folder)
    {
        _folder = folder;
        if (folder is null || !Directory.Exists(folder))
        {
            return;
        }

        foreach (var file in Directory.EnumerateFiles(folder, "*.crl"))
        {
            var country = Path.GetFileName(file).Split('-')[0].ToUpperInvariant();
            TryAdd(country, File.ReadAllBytes(file), persist: false);
        }
    }

    /// <summary>Changes whenever a fetched CRL is kept: cached acceptances from before are not reused.</summary>
    public int Version => Volatile.Read(ref _version);

    /// <summary>How many fetched CRLs are held.</summary>
    public int Count => _fetched.Values.Sum(c => c.Count);

    /// <summary>Offers a fetched CRL for a country; true when it was kept.</summary>
    public bool TryAdd(string country, byte[] der) => TryAdd(country, der, persist: true);

    /// <summary>The checker over the country's embedded and fetched CRLs.</summary>
    public RevocationChecker For(TrustListSnapshot trust, CountryEntry country)
    {
        ArgumentNullException.ThrowIfNull(trust);
        ArgumentNullException.ThrowIfNull(country);
        if (!_fetched.TryGetValue(country.Code, out var fetched) || fetched.IsEmpty)
        {
            return country.Revocation;
        }

        var key = (trust, country.Code, Volatile.Read(ref _version));
        return _checkers.GetOrAdd(key, _ => new RevocationChecker([.. country.Crls, .. fetched.Values]));
    }

    private bool TryAdd(string country, byte[] der, bool persist)
    {
        X509Crl crl;
        try
        {
            crl = new X509CrlParser().ReadCrl(der) ?? throw new ArgumentException("not a CRL");
        }
        catch (Exception ex) when (ex is ArgumentException or IOException or Org.BouncyCastle.Security.Certificates.CrlException)
        {
            return false;
        }

        var issuer = crl.IssuerDN.ToString();
        lock (_gate)
        {
            var perIssuer = _fetched.GetOrAdd(country, _ => new ConcurrentDictionary<string, byte[]>(StringComparer.Ordinal));
            if (perIssuer.TryGetValue(issuer, out var held) && new X509CrlParser().ReadCrl(held).ThisUpdate >= crl.ThisUpdate)
            {
                return false;
            }

            perIssuer[issuer] = der;
            Interlocked.Increment(ref _version);
            _checkers.Clear();
        }

        if (persist && _folder is not null)
        {
            Storage.PrivateFolder.Create(_folder);
            var name = $"{country.ToLowerInvariant()}-{Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(issuer)))[..16]}.crl";
            var temporary = Path.Combine(_folder, name + ".tmp");
            File.WriteAllBytes(temporary, der);
            File.Move(temporary, Path.Combine(_folder, name), overwrite: true);
        }

        return true;
    }
}
