using System.Collections.Concurrent;
using System.Security.Cryptography;
using CrossBorder.Core.Trust.PathValidation;
using Org.BouncyCastle.X509;

namespace CrossBorder.Core.Trust;

/// <summary>
/// CRLs fetched from the trust list's CRL locations, kept beside the CRLs the trust list embeds.
/// A CRL is kept only when <see cref="CrlAdmission"/> admits it (signed by a CA certificate the
/// trust list gives for the country, no critical extension, a thisUpdate not beyond now plus the
/// clock skew, a nextUpdate) and it is newer than the one already held for its issuer: a CRL that
/// fails leaves the previous good one in place. Kept CRLs are persisted in a folder and admitted
/// again, against the trust list in force, when a restart loads them.
/// </summary>
public sealed class CrlStore
{
    private readonly string? _folder;
    private readonly CrlAdmission _admission;
    private readonly object _gate = new();
    private readonly ConcurrentDictionary<string, ConcurrentDictionary<string, byte[]>> _fetched = new(StringComparer.Ordinal);
    private int _version;

    /// <summary>What <see cref="Offer(string, byte[])"/> answers for a CRL that is no newer than the one held: routine, not a fault.</summary>
    public const string NotNewer = "not newer than the CRL held for its issuer";

    /// <summary>A memory-only store that admits CRLs against <paramref name="trust"/> at <paramref name="time"/>'s now.</summary>
    public CrlStore(Func<TrustListSnapshot?> trust, TimeProvider time, TimeSpan clockSkew)
        : this(null, trust, time, clockSkew)
    {
    }

    /// <summary>Creates a store persisting into <paramref name="folder"/> (none: memory only), loading and admitting what it holds.</summary>
    public CrlStore(string? folder, Func<TrustListSnapshot?> trust, TimeProvider time, TimeSpan clockSkew)
    {
        _folder = folder;
        _admission = new CrlAdmission(trust, time, clockSkew);
        if (folder is null || !Directory.Exists(folder))
        {
            return;
        }

        foreach (var file in Directory.EnumerateFiles(folder, "*.crl"))
        {
            var country = Path.GetFileName(file).Split('-')[0].ToUpperInvariant();
            Offer(country, File.ReadAllBytes(file), persist: false);
        }
    }

    /// <summary>Changes whenever a fetched CRL is kept: cached acceptances from before are not reused.</summary>
    public int Version => Volatile.Read(ref _version);

    /// <summary>How many fetched CRLs are held.</summary>
    public int Count => _fetched.Values.Sum(c => c.Count);

    /// <summary>Offers a fetched CRL for a country; true when it was kept.</summary>
    public bool TryAdd(string country, byte[] der) => Offer(country, der, persist: true) is null;

    /// <summary>Offers a fetched CRL for a country: <c>null</c> when it was kept, otherwise why not (for the log).</summary>
    public string? Offer(string country, byte[] der) => Offer(country, der, persist: true);

    /// <summary>The country's CRLs: those its trust list entry embeds and those fetched and kept.</summary>
    public IReadOnlyList<byte[]> For(CountryEntry country)
    {
        ArgumentNullException.ThrowIfNull(country);
        return _fetched.TryGetValue(country.Code, out var fetched) && !fetched.IsEmpty ? [.. country.Crls, .. fetched.Values] : country.Crls;
    }

    /// <summary>When the country's revocation data first goes stale (per issuer the newest nextUpdate, the earliest of those).</summary>
    public DateTimeOffset? StaleAt(CountryEntry country) => CrlSet.TryParse(For(country))?.StaleAt();

    private string? Offer(string country, byte[] der, bool persist)
    {
        var refused = _admission.Admit(country, der, out var crl);
        if (refused is not null)
        {
            return refused;
        }

        var issuer = crl!.IssuerDN.ToString();
        lock (_gate)
        {
            var perIssuer = _fetched.GetOrAdd(country, _ => new ConcurrentDictionary<string, byte[]>(StringComparer.Ordinal));
            if (perIssuer.TryGetValue(issuer, out var held) && new X509CrlParser().ReadCrl(held) is { } heldCrl && ReferenceEquals(CrlScope.Newest([heldCrl, crl]), heldCrl))
            {
                return NotNewer;
            }

            perIssuer[issuer] = der;
            Interlocked.Increment(ref _version);
        }

        if (persist && _folder is not null)
        {
            Storage.PrivateFolder.Create(_folder);
            var name = $"{country.ToLowerInvariant()}-{Convert.ToHexStringLower(SHA256.HashData(System.Text.Encoding.UTF8.GetBytes(issuer)))[..16]}.crl";
            var temporary = Path.Combine(_folder, name + ".tmp");
            File.WriteAllBytes(temporary, der);
            File.Move(temporary, Path.Combine(_folder, name), overwrite: true);
        }

        return null;
    }
}
