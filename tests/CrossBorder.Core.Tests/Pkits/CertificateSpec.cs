using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CrossBorder.Core.Tests.Pkits;

/// <summary>How one test certificate differs from a plain, valid one.</summary>
internal sealed record CertificateSpec(string Subject)
{
    public bool IsCa { get; init; }

    public bool BasicConstraintsCritical { get; init; } = true;

    public bool WithoutBasicConstraints { get; init; }

    public int? PathLength { get; init; }

    public X509KeyUsageFlags? KeyUsage { get; init; }

    public IReadOnlyList<string> Ekus { get; init; } = [];

    public bool EkuCritical { get; init; }

    public HashAlgorithmName Hash { get; init; } = HashAlgorithmName.SHA256;

    public DateTimeOffset NotBefore { get; init; } = RulesPki.Now.AddDays(-30);

    public DateTimeOffset NotAfter { get; init; } = RulesPki.Now.AddDays(365);

    public bool UnknownCriticalExtension { get; init; }

    public IReadOnlyList<string> DnsNames { get; init; } = [];

    public IReadOnlyList<X509Extension> Extensions { get; init; } = [];

    /// <summary>The serial number's octets as written (unsigned, big-endian); <c>null</c>: the PKI's next one.</summary>
    public byte[]? Serial { get; init; }

    public bool WithoutSubjectKeyIdentifier { get; init; }

    public bool WithoutAuthorityKeyIdentifier { get; init; }

    public bool SubjectKeyIdentifierCritical { get; init; }

    public bool AuthorityKeyIdentifierCritical { get; init; }
}
