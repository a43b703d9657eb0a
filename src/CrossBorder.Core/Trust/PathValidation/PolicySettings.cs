namespace CrossBorder.Core.Trust.PathValidation;

/// <summary>
/// The certificate-policy inputs of RFC 5280 section 6.1.1 (c), (e), (f) and (g). The default
/// is what CRYPTO.md prescribes: the any-policy initial set and three times <c>false</c>.
/// </summary>
public sealed record PolicySettings
{
    /// <summary>The anyPolicy OID.</summary>
    public const string AnyPolicy = "2.5.29.32.0";

    /// <summary>Any-policy, no explicit policy, mapping allowed, anyPolicy allowed.</summary>
    public static PolicySettings Default { get; } = new();

    /// <summary>The user-initial-policy-set as dotted OIDs; containing <see cref="AnyPolicy"/> means any policy.</summary>
    public IReadOnlyList<string> InitialPolicies { get; init; } = [AnyPolicy];

    /// <summary>initial-explicit-policy: the path must be valid for at least one policy of the initial set.</summary>
    public bool ExplicitPolicy { get; init; }

    /// <summary>initial-policy-mapping-inhibit: policy mappings are not allowed.</summary>
    public bool InhibitPolicyMapping { get; init; }

    /// <summary>initial-any-policy-inhibit: anyPolicy in a certificate does not match other policies.</summary>
    public bool InhibitAnyPolicy { get; init; }
}
