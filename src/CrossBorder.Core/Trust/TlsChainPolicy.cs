using System.Security.Cryptography.X509Certificates;

namespace CrossBorder.Core.Trust;

/// <summary>
/// The chain policy for the chain <see cref="System.Net.Security.SslStream"/> builds on its own
/// for the remote certificate before our validation callback runs. Our decision never uses that
/// chain (it is <see cref="PathValidation.PathValidator"/>'s), so the build must not reach out:
/// without this, the runtime follows the caIssuers (AIA) URL of any certificate a client presents,
/// before it is authenticated.
/// </summary>
public static class TlsChainPolicy
{
    /// <summary>No certificate downloads, no revocation checks, no network.</summary>
    public static X509ChainPolicy Offline() => new()
    {
        DisableCertificateDownloads = true,
        RevocationMode = X509RevocationMode.NoCheck,
        RevocationFlag = X509RevocationFlag.ExcludeRoot,
    };
}
