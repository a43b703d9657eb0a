using System.Security.Cryptography.X509Certificates;

namespace CrossBorder.Core.Trust.PathValidation;

/// <summary>
/// What <see cref="PathValidator"/> validates: a leaf, the trusted anchors, untrusted path-building
/// material, revocation data and the inputs of RFC 5280 section 6.1.1 (CRYPTO.md, <c>trust verify</c>).
/// </summary>
/// <param name="Leaf">The certificate to validate.</param>
/// <param name="Anchors">Trusted certificates, self-signed or not; a path may end at any of them.</param>
/// <param name="ValidationTime">The time at which every certificate and CRL must be valid.</param>
public sealed record PathValidationRequest(X509Certificate2 Leaf, IReadOnlyList<X509Certificate2> Anchors, DateTimeOffset ValidationTime)
{
    /// <summary>Untrusted certificates the path may be built from (and CRL signers found in).</summary>
    public IReadOnlyList<X509Certificate2> Intermediates { get; init; } = [];

    /// <summary>DER CRLs. Nothing is fetched from distribution points.</summary>
    public IReadOnlyList<byte[]> Crls { get; init; } = [];

    /// <summary>
    /// Whether every certificate of the path except the anchor must be covered by a current CRL
    /// signed by its issuer. <c>null</c> (the default): required exactly when any CRL is supplied.
    /// </summary>
    public bool? RevocationRequired { get; init; }

    /// <summary>The leaf rules to apply (<see cref="ChainValidator.CheckLeafUsage"/>); <see cref="CertificatePurpose.Any"/> checks none.</summary>
    public CertificatePurpose Purpose { get; init; } = CertificatePurpose.Any;

    /// <summary>
    /// How many intermediates may stand between leaf and anchor, self-issued ones (key rollover) not
    /// counted as RFC 5280 6.1.4 says; <c>null</c>: up to the validator's own bound.
    /// </summary>
    public int? MaxDepth { get; init; }

    /// <summary>The certificate-policy inputs.</summary>
    public PolicySettings Policy { get; init; } = PolicySettings.Default;

    /// <summary>
    /// Soft-fail: how long past its nextUpdate a CRL still counts (its revocations always do).
    /// <see cref="TimeSpan.Zero"/> (the default) is hard-fail.
    /// </summary>
    public TimeSpan RevocationGrace { get; init; }

    /// <summary>
    /// The revocation data may be stale because the trust list it came in is: a path whose only
    /// fault is REVOCATION_UNKNOWN is answered TRUST_LIST_STALE instead, so that the caller can let a
    /// connection through and refuse its calls with that reason. Never an acceptance.
    /// </summary>
    public bool RevocationMayBeStale { get; init; }

    /// <summary>Whether revocation is checked for this request.</summary>
    public bool ChecksRevocation => RevocationRequired ?? Crls.Count > 0;
}
