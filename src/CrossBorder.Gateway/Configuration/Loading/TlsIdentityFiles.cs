using System.Security.Cryptography.X509Certificates;

namespace CrossBorder.Gateway.Configuration.Loading;

/// <summary>The peer face's TLS certificate, its key and its issuing chain: read once, checked, kept.</summary>
internal static class TlsIdentityFiles
{
    /// <summary>The TLS certificate with its key and the chain; null for whichever has a problem.</summary>
    public static (X509Certificate2? Certificate, X509Certificate2Collection? Chain) Load(GatewayOptions options, ConfigFileReader files)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(files);
        var certificate = files.KeyPair(options.Tls, nameof(options.Tls));
        var chain = files.Chain(options.Tls, nameof(options.Tls));
        return (certificate, chain);
    }
}
