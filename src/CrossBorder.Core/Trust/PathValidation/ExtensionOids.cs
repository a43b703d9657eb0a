using System.Collections.Frozen;

namespace CrossBorder.Core.Trust.PathValidation;

/// <summary>The certificate extensions this validator recognizes when they are marked critical.</summary>
internal static class ExtensionOids
{
    public const string SubjectKeyIdentifier = "2.5.29.14";
    public const string KeyUsage = "2.5.29.15";
    public const string SubjectAltName = "2.5.29.17";
    public const string BasicConstraints = "2.5.29.19";
    public const string NameConstraints = "2.5.29.30";
    public const string CrlDistributionPoints = "2.5.29.31";
    public const string CertificatePolicies = "2.5.29.32";
    public const string PolicyMappings = "2.5.29.33";
    public const string AuthorityKeyIdentifier = "2.5.29.35";
    public const string PolicyConstraints = "2.5.29.36";
    public const string ExtendedKeyUsage = "2.5.29.37";
    public const string InhibitAnyPolicy = "2.5.29.54";

    /// <summary>
    /// Recognized on path certificates beyond what BouncyCastle's validator handles itself: the EKU
    /// (the purpose rules read it), key identifiers (path building reads them) and CRL
    /// distribution points (revocation reads them).
    /// </summary>
    public static readonly FrozenSet<string> HandledBesideBouncyCastle = FrozenSet.Create(
        StringComparer.Ordinal, ExtendedKeyUsage, SubjectKeyIdentifier, AuthorityKeyIdentifier, CrlDistributionPoints);

    /// <summary>
    /// Recognized on an anchor. Its name constraints are applied (<see cref="AnchorNameConstraints"/>);
    /// its policy extensions are not (RFC 5280 takes only name and key from an anchor), so when
    /// critical they are unknown critical extensions and the anchor is refused: fail closed.
    /// </summary>
    public static readonly FrozenSet<string> RecognizedOnAnchor = FrozenSet.Create(
        StringComparer.Ordinal, BasicConstraints, KeyUsage, SubjectAltName, ExtendedKeyUsage, SubjectKeyIdentifier,
        AuthorityKeyIdentifier, CrlDistributionPoints, NameConstraints);
}
