using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CrossBorder.Core.Envelopes;
using CrossBorder.Core.Errors;
using CrossBorder.Gateway.Configuration;

namespace CrossBorder.Gateway.Exchange;

/// <summary>
/// The signing identity for new messages and receipts: the newest active certificate of the
/// signing ring (rotation), its private key loaded once, and our issuing chain to embed.
/// </summary>
internal sealed class SigningKeys(GatewayRuntime runtime, TimeProvider time)
{
    private readonly ConcurrentDictionary<string, SigningIdentity> _identities = new(StringComparer.Ordinal);

    /// <summary>The identity to sign with now; EXPIRED when no signing certificate is valid.</summary>
    public SigningIdentity Current()
    {
        var certificate = runtime.Signing.Current(time.GetUtcNow())
            ?? throw Reject.Because(Contracts.V1.ReasonCode.Expired, "no signing certificate of this gateway is valid now");
        return _identities.GetOrAdd(certificate.Thumbprint, _ => new SigningIdentity(certificate, Key(certificate), runtime.TlsChain));
    }

    private static AsymmetricAlgorithm Key(X509Certificate2 certificate) =>
        (AsymmetricAlgorithm?)certificate.GetECDsaPrivateKey() ?? certificate.GetRSAPrivateKey()
        ?? throw new CryptographicException("the signing certificate has no usable private key");
}
