using System.Collections.Concurrent;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CrossBorder.Core.Envelopes;
using CrossBorder.Core.Envelopes.Cms;
using CrossBorder.Core.Errors;
using CrossBorder.Core.KeyRings;
using CrossBorder.Gateway.Configuration;

namespace CrossBorder.Gateway.Hosting;

/// <summary>
/// The key rings of the configuration as loaded at start: the newest active certificate of the
/// signing ring (rotation) with its private key loaded once and our issuing chain to embed, and
/// every certificate of the encryption ring with its key.
/// </summary>
internal sealed class ConfiguredKeyRings(GatewayRuntime runtime) : IKeyRings, IDisposable
{
    private readonly ConcurrentDictionary<string, SigningIdentity> _identities = new(StringComparer.Ordinal);

    public IReadOnlyList<RecipientKey> DecryptionKeys { get; } = [.. runtime.Encryption.All.Select(RecipientKey.FromCertificate)];

    public SigningIdentity SigningIdentity(DateTimeOffset now)
    {
        var certificate = runtime.Signing.Current(now)
            ?? throw Reject.Because(Contracts.V1.ReasonCode.Expired, "no signing certificate of this gateway is valid now");
        return _identities.GetOrAdd(certificate.Thumbprint, _ => new SigningIdentity(certificate, Key(certificate), runtime.TlsChain));
    }

    public void Dispose()
    {
        foreach (var key in DecryptionKeys)
        {
            key.Dispose();
        }
    }

    private static AsymmetricAlgorithm Key(X509Certificate2 certificate) =>
        (AsymmetricAlgorithm?)certificate.GetECDsaPrivateKey() ?? certificate.GetRSAPrivateKey()
        ?? throw new CryptographicException("the signing certificate has no usable private key");
}
