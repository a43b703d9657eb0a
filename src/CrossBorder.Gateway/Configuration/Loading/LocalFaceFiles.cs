using System.Security.Cryptography.X509Certificates;

namespace CrossBorder.Gateway.Configuration.Loading;

/// <summary>The local face's CA (the only issuer of local clients) and its server certificate and key: read once, checked, kept.</summary>
internal static class LocalFaceFiles
{
    /// <summary>The local CA certificates and the server certificate with its key; null for whichever has a problem.</summary>
    public static (X509Certificate2Collection? Ca, X509Certificate2? Server) Load(GatewayOptions options, ConfigFileReader files)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(files);
        var ca = files.Certificates(options.LocalCaCertificate, nameof(options.LocalCaCertificate));
        var server = files.KeyPair(options.LocalServer, nameof(options.LocalServer));
        return (ca, server);
    }
}
