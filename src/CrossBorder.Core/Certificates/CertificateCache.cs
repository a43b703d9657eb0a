using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CrossBorder.Core.Certificates;

/// <summary>
/// Parsed certificates by the SHA-256 of their DER. Parsing a certificate costs about as much as
/// an ECDSA verification on Linux, and every envelope embeds the same few signer certificates
/// and chains. Cached instances are shared: callers must not dispose them.
/// </summary>
internal static class CertificateCache
{
    private const int Capacity = 2048;
    private static readonly ConcurrentDictionary<string, X509Certificate2> Parsed = new(StringComparer.Ordinal);

    /// <summary>The certificate for these DER bytes; throws <see cref="CryptographicException"/> when they are not one.</summary>
    public static X509Certificate2 Load(ReadOnlySpan<byte> der)
    {
        var key = Convert.ToHexString(SHA256.HashData(der));
        if (Parsed.TryGetValue(key, out var certificate))
        {
            return certificate;
        }

        certificate = X509CertificateLoader.LoadCertificate(der);
        if (Parsed.Count >= Capacity)
        {
            Parsed.Clear();
        }

        return Parsed.GetOrAdd(key, certificate);
    }
}
