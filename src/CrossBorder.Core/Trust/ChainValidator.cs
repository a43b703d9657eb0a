using System.Security.Cryptography.X509Certificates;
using CrossBorder.Contracts.V1;

namespace CrossBorder.Core.Trust;

/// <summary>
/// Path validation to explicit anchors. Participant certificates (TLS peers, envelope and receipt
/// signers, encryption certificates) go through <see cref="ValidateRfc5280"/>: the same RFC 5280
/// validator as <c>trust verify</c>, with revocation from the trust list's CRLs judged by the
/// gateway's clock. <see cref="Validate"/> builds with <see cref="X509Chain"/> (custom root trust,
/// no system store, no downloads) for a gateway's own local CA and the local client's view of it.
/// </summary>
public static class ChainValidator
{
    private const string ClientAuth = "1.3.6.1.5.5.7.3.2";
    private const string ServerAuth = "1.3.6.1.5.5.7.3.1";
    private const string EmailProtection = "1.3.6.1.5.5.7.3.4";
    private const string AnyExtendedKeyUsage = "2.5.29.37.0";

    private static readonly PathValidation.PathValidator Paths = new();

    /// <summary>Validates <paramref name="leaf"/> to one of <paramref name="anchors"/> at <paramref name="at"/>.</summary>
    public static PathCheck Validate(
        X509Certificate2 leaf,
        X509Certificate2Collection anchors,
        X509Certificate2Collection? untrusted,
        CertificatePurpose purpose,
        DateTimeOffset at,
        RevocationChecker? revocation = null,
        TimeSpan revocationGrace = default)
    {
        ArgumentNullException.ThrowIfNull(leaf);
        if (anchors.Count == 0)
        {
            return new PathCheck(ReasonCode.Untrusted, "no trust anchors configured");
        }

        using var chain = new X509Chain();
        chain.ChainPolicy.TrustMode = X509ChainTrustMode.CustomRootTrust;
        chain.ChainPolicy.CustomTrustStore.AddRange(anchors);
        if (untrusted is not null)
        {
            chain.ChainPolicy.ExtraStore.AddRange(untrusted);
        }

        chain.ChainPolicy.RevocationMode = X509RevocationMode.NoCheck;
        chain.ChainPolicy.DisableCertificateDownloads = true;
        chain.ChainPolicy.VerificationTime = at.UtcDateTime;
        chain.ChainPolicy.VerificationTimeIgnored = false;

        if (!chain.Build(leaf))
        {
            var flags = chain.ChainElements
                .SelectMany(e => e.ChainElementStatus)
                .Concat(chain.ChainStatus)
                .Aggregate(X509ChainStatusFlags.NoError, (all, s) => all | s.Status);
            return FromFlags(flags);
        }

        var usage = CheckLeafUsage(leaf, purpose);
        if (!usage.IsAccepted || revocation is null)
        {
            return usage;
        }

        var path = chain.ChainElements.Select(e => e.Certificate).ToList();
        return revocation.Check(path, at, revocationGrace);
    }

    /// <summary>
    /// RFC 5280 path validation with exactly <c>trust verify</c>'s semantics (<see cref="PathValidation.PathValidator"/>:
    /// validity, basic and name constraints, path length, key usage and extended key usage for the
    /// purpose, policy processing, unknown critical extensions, the profile's algorithms), then
    /// revocation of every certificate of the validated path but the anchor by
    /// <paramref name="revocation"/>, whose currency is judged at <paramref name="at"/> with the
    /// soft-fail <paramref name="revocationGrace"/>.
    /// </summary>
    public static PathCheck ValidateRfc5280(
        X509Certificate2 leaf,
        X509Certificate2Collection anchors,
        X509Certificate2Collection? untrusted,
        CertificatePurpose purpose,
        DateTimeOffset at,
        RevocationChecker revocation,
        TimeSpan revocationGrace)
    {
        ArgumentNullException.ThrowIfNull(leaf);
        ArgumentNullException.ThrowIfNull(anchors);
        ArgumentNullException.ThrowIfNull(revocation);
        var result = Paths.Validate(new PathValidation.PathValidationRequest(leaf, [.. anchors], at)
        {
            Intermediates = untrusted is null ? [] : [.. untrusted],
            Purpose = purpose,
            RevocationRequired = false,
        });
        return result.IsValid ? revocation.Check(result.Path, at, revocationGrace) : result.Check;
    }

    private static PathCheck FromFlags(X509ChainStatusFlags flags)
    {
        if ((flags & (X509ChainStatusFlags.PartialChain | X509ChainStatusFlags.UntrustedRoot)) != 0)
        {
            return new PathCheck(ReasonCode.Untrusted, "no path to a trusted anchor");
        }

        if ((flags & X509ChainStatusFlags.NotSignatureValid) != 0)
        {
            return new PathCheck(ReasonCode.BadSignature, "a certificate signature in the path does not verify");
        }

        if ((flags & X509ChainStatusFlags.NotTimeValid) != 0)
        {
            return new PathCheck(ReasonCode.Expired, "a certificate in the path is expired or not yet valid");
        }

        if ((flags & X509ChainStatusFlags.HasNotSupportedCriticalExtension) != 0)
        {
            return new PathCheck(ReasonCode.CriticalExtension, "a certificate carries an unknown critical extension");
        }

        const X509ChainStatusFlags constraints = X509ChainStatusFlags.InvalidBasicConstraints
            | X509ChainStatusFlags.InvalidNameConstraints | X509ChainStatusFlags.HasNotPermittedNameConstraint
            | X509ChainStatusFlags.HasExcludedNameConstraint | X509ChainStatusFlags.HasNotDefinedNameConstraint
            | X509ChainStatusFlags.HasNotSupportedNameConstraint;
        if ((flags & constraints) != 0)
        {
            return new PathCheck(ReasonCode.PathConstraint, "basic or name constraints are violated");
        }

        if ((flags & X509ChainStatusFlags.NotValidForUsage) != 0)
        {
            return new PathCheck(ReasonCode.KeyUsage, "a certificate in the path is not valid for this usage");
        }

        return new PathCheck(ReasonCode.Untrusted, $"path validation failed ({flags})");
    }

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
