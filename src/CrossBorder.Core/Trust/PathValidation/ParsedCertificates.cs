using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.X509;
using BcCertificate = Org.BouncyCastle.X509.X509Certificate;

namespace CrossBorder.Core.Trust.PathValidation;

/// <summary>
/// BouncyCastle parses of certificates, kept by SHA-256 of their DER encoding so that the same
/// anchors and intermediates are parsed (and their keys checked) once per validator, not once per
/// validation. Bounded: when full it starts again.
/// </summary>
internal sealed class ParsedCertificates
{
    private const int Capacity = 4096;

    private readonly ConcurrentDictionary<string, BcCertificate> _parsed = new(StringComparer.Ordinal);

    /// <summary>The parse of <paramref name="certificate"/>, or <c>null</c> when BouncyCastle cannot parse it.</summary>
    public (BcCertificate Parsed, string Thumbprint)? Get(X509Certificate2 certificate)
    {
        var thumbprint = certificate.GetCertHashString(HashAlgorithmName.SHA256);
        if (_parsed.TryGetValue(thumbprint, out var cached))
        {
            return (cached, thumbprint);
        }

        BcCertificate? parsed;
        try
        {
            var read = new X509CertificateParser().ReadCertificate(certificate.RawData);
            parsed = read is null ? null : new CachedKeyCertificate(read.CertificateStructure);
        }
        catch (Exception ex) when (BouncyCastleErrors.IsDecodingError(ex))
        {
            parsed = null;
        }

        if (parsed is null)
        {
            return null;
        }

        if (_parsed.Count >= Capacity)
        {
            _parsed.Clear();
        }

        return (_parsed.GetOrAdd(thumbprint, parsed), thumbprint);
    }
}
