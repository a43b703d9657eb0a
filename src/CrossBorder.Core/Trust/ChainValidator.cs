using System.Security.Cryptography.X509Certificates;
using CrossBorder.Contracts.V1;

namespace CrossBorder.Core.Trust;

/// <summary>
/// The leaf rules of a certificate purpose. Every certificate decision runs through
/// <see cref="PathValidation.PathValidator"/>; this is the purpose step it ends with.
/// </summary>
public static class ChainValidator
{
    private const string ClientAuth = "1.3.6.1.5.5.7.3.2";
    private const string ServerAuth = "1.3.6.1.5.5.7.3.1";
    private const string EmailProtection = "1.3.6.1.5.5.7.3.4";
    private const string AnyExtendedKeyUsage = "2.5.29.37.0";

    /// <summary>The leaf key-usage and extended-key-usage rules of a purpose.</summary>
    public static PathCheck CheckLeafUsage(X509Certificate2 leaf, CertificatePurpose purpose)
    {
        ArgumentNullException.ThrowIfNull(leaf);
        var keyUsage = leaf.Extensions.OfType<X509KeyUsageExtension>().FirstOrDefault()?.KeyUsages;
        var eku = leaf.Extensions.OfType<X509EnhancedKeyUsageExtension>().FirstOrDefault();
        var ekuOids = eku?.EnhancedKeyUsages.Cast<System.Security.Cryptography.Oid>().Select(o => o.Value).ToHashSet();

        bool EkuAllows(string oid) => ekuOids is null || ekuOids.Contains(oid) || ekuOids.Contains(AnyExtendedKeyUsage);
        bool KeyUsageHas(X509KeyUsageFlags f) => keyUsage is null || (keyUsage.Value & f) != 0;

        var ok = purpose switch
        {
            CertificatePurpose.Any => true,
            CertificatePurpose.Signing => KeyUsageHas(X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation)
                && EkuAllows(EmailProtection),
            CertificatePurpose.Encryption => KeyUsageHas(X509KeyUsageFlags.KeyAgreement | X509KeyUsageFlags.KeyEncipherment)
                && EkuAllows(EmailProtection),
            CertificatePurpose.TlsClient => ekuOids is not null && EkuAllows(ClientAuth)
                && KeyUsageHas(X509KeyUsageFlags.DigitalSignature),
            CertificatePurpose.TlsServer => ekuOids is not null && EkuAllows(ServerAuth)
                && KeyUsageHas(X509KeyUsageFlags.DigitalSignature),
            _ => false,
        };
        return ok ? PathCheck.Accepted : new PathCheck(ReasonCode.KeyUsage, $"certificate is not valid for {purpose}");
    }
}
