using System.Security.Cryptography.X509Certificates;

namespace CrossBorder.Core.Certificates;

/// <summary>
/// A participant's certificates of one use during a rollover, modelled like a key ring: new
/// messages use the newest active certificate (the latest notBefore among those valid now);
/// every certificate of the ring stays usable for what others still send to it.
/// </summary>
public sealed class CertificateRing
{
    private readonly IReadOnlyList<X509Certificate2> _certificates;

    /// <summary>Creates a ring; it must hold at least one certificate.</summary>
    public CertificateRing(IReadOnlyList<X509Certificate2> certificates)
    {
        ArgumentNullException.ThrowIfNull(certificates);
        if (certificates.Count == 0)
        {
            throw new ArgumentException("a certificate ring needs at least one certificate", nameof(certificates));
        }

        _certificates = certificates;
    }

    /// <summary>Every certificate of the ring.</summary>
    public IReadOnlyList<X509Certificate2> All => _certificates;

    /// <summary>The certificate new messages use at <paramref name="now"/>: the newest active one, or null when none is valid.</summary>
    public X509Certificate2? Current(DateTimeOffset now) => _certificates
        .Where(c => new DateTimeOffset(c.NotBefore.ToUniversalTime()) <= now && now <= new DateTimeOffset(c.NotAfter.ToUniversalTime()))
        .OrderByDescending(c => c.NotBefore)
        .ThenByDescending(c => c.NotAfter)
        .FirstOrDefault();
}
