using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Pkix;
using Org.BouncyCastle.Utilities;
using Org.BouncyCastle.Utilities.Collections;
using Org.BouncyCastle.X509;
using BcCertificate = Org.BouncyCastle.X509.X509Certificate;

namespace CrossBorder.Core.Trust.PathValidation;

/// <summary>
/// Runs RFC 5280 section 6 on one candidate path with BouncyCastle's
/// <see cref="PkixCertPathValidator"/>: signatures, validity, name chaining, basic constraints,
/// path length, key usage of CAs, name constraints, policies, unknown critical extensions and,
/// when asked, CRLs (indirect, delta, distribution points) for every certificate but the anchor.
/// </summary>
internal static class RfcPathEngine
{
    /// <summary>Validates <paramref name="path"/> (leaf first, anchor last); <paramref name="crls"/> <c>null</c> means no revocation check.</summary>
    public static PathCheck Run(
        IReadOnlyList<PathCertificate> path,
        IReadOnlyList<PathCertificate> untrusted,
        IReadOnlyList<X509Crl>? crls,
        DateTimeOffset at,
        PolicySettings policy)
    {
        // Only the chosen anchor: the path's CRLs must originate from it too (RFC 5280 section 6.3).
        var parameters = new PkixParameters(new HashSet<TrustAnchor> { new(path[^1].Parsed, null) })
        {
            Date = at.UtcDateTime,
            IsRevocationEnabled = crls is not null,
            IsUseDeltasEnabled = true,
            IsExplicitPolicyRequired = policy.ExplicitPolicy,
            IsPolicyMappingInhibited = policy.InhibitPolicyMapping,
            IsAnyPolicyInhibited = policy.InhibitAnyPolicy,
        };
        parameters.SetInitialPolicies(InitialPolicies(policy));
        parameters.AddStoreCert(CollectionUtilities.CreateStore(untrusted.Select(c => c.Parsed)));
        parameters.AddStoreCrl(CollectionUtilities.CreateStore(crls ?? []));
        parameters.AddCertPathChecker(new RecognizedExtensionsChecker());

        var certificates = new PkixCertPath(new List<BcCertificate>(path.Take(path.Count - 1).Select(c => c.Parsed)));

        // BouncyCastle runs Miller-Rabin rounds on every RSA modulus it turns into a key, several
        // milliseconds each; OpenSSL and .NET do not when they verify certificates, and the profile's
        // size rule is checked before this. Switched off for this thread, for this call only.
        return Properties.WithThreadProperty(Properties.RsaMaxMRTests, "0", () => Validate(certificates, parameters));
    }

    private static PathCheck Validate(PkixCertPath certificates, PkixParameters parameters)
    {
        try
        {
            _ = new PkixCertPathValidator().Validate(certificates, parameters);
            return PathCheck.Accepted;
        }
        catch (Exception ex) when (BouncyCastleErrors.IsDecodingError(ex))
        {
            return PkixFailures.Classify(ex);
        }
    }

    /// <summary>Whether every initial policy is a dotted OID.</summary>
    public static bool PoliciesAreOids(PolicySettings policy) =>
        policy.InitialPolicies.Count > 0 && policy.InitialPolicies.All(p => DerObjectIdentifier.TryFromID(p, out _));

    // BouncyCastle spells "any policy" as the empty set.
    private static HashSet<string> InitialPolicies(PolicySettings policy) =>
        policy.InitialPolicies.Contains(PolicySettings.AnyPolicy, StringComparer.Ordinal)
            ? []
            : new HashSet<string>(policy.InitialPolicies, StringComparer.Ordinal);
}
