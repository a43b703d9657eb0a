using System.Security.Cryptography.X509Certificates;

namespace CrossBorder.Core.KeyRings;

/// <summary>
/// The certificates of one use (signing or encryption), each with its private key, as one
/// immutable snapshot: the rotation rule (which certificate new messages use, whether a successor
/// is in place) lives here, in one place, as DataProtection's key resolver holds it.
/// </summary>
public sealed class KeyRing
{
    /// <summary>Creates a ring; it must hold at least one certificate, each with its private key.</summary>
    /// <param name="certificates">The certificates, the configured main one first.</param>
    /// <param name="chain">The issuing certificates to embed with a signature (empty for encryption).</param>
    public KeyRing(IReadOnlyList<X509Certificate2> certificates, X509Certificate2Collection chain)
    {
        ArgumentNullException.ThrowIfNull(certificates);
        ArgumentNullException.ThrowIfNull(chain);
        if (certificates.Count == 0)
        {
            throw new ArgumentException("a key ring needs at least one certificate", nameof(certificates));
        }

        if (certificates.Any(c => !c.HasPrivateKey))
        {
            throw new ArgumentException("every certificate of a key ring needs its private key", nameof(certificates));
        }

        Certificates = [.. certificates];
        Chain = chain;
    }

    /// <summary>Every certificate of the ring, the configured main one first.</summary>
    public IReadOnlyList<X509Certificate2> Certificates { get; }

    /// <summary>The issuing certificates embedded with a signature.</summary>
    public X509Certificate2Collection Chain { get; }

    /// <summary>The certificate new messages use at <paramref name="now"/>: the newest active one, or null when none is valid.</summary>
    public X509Certificate2? Current(DateTimeOffset now) => Certificates
        .Where(c => IsActive(c, now))
        .OrderByDescending(c => c.NotBefore)
        .ThenByDescending(c => c.NotAfter)
        .FirstOrDefault();

    /// <summary>
    /// The certificate that takes over from <paramref name="certificate"/>: another certificate of
    /// the ring, not expired at <paramref name="now"/>, that stays valid longer (the one that stays
    /// valid longest); null when there is none, so that expiry of <paramref name="certificate"/>
    /// would leave a gap.
    /// </summary>
    public X509Certificate2? SuccessorOf(X509Certificate2 certificate, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        return Certificates
            .Where(c => c.Thumbprint != certificate.Thumbprint && c.NotAfter > certificate.NotAfter && now <= new DateTimeOffset(c.NotAfter.ToUniversalTime()))
            .OrderByDescending(c => c.NotAfter)
            .FirstOrDefault();
    }

    /// <summary>Whether the certificate in use at <paramref name="now"/> has a successor in place.</summary>
    public bool HasSuccessor(DateTimeOffset now) => Current(now) is { } current && SuccessorOf(current, now) is not null;

    private static bool IsActive(X509Certificate2 certificate, DateTimeOffset now) =>
        new DateTimeOffset(certificate.NotBefore.ToUniversalTime()) <= now && now <= new DateTimeOffset(certificate.NotAfter.ToUniversalTime());
}
