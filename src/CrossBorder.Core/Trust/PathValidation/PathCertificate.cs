using System.Security.Cryptography.X509Certificates;
using Org.BouncyCastle.Asn1.X509;
using BcCertificate = Org.BouncyCastle.X509.X509Certificate;

namespace CrossBorder.Core.Trust.PathValidation;

/// <summary>
/// One certificate of the request in both libraries' forms: the .NET object the caller gave (and
/// gets back in the path) and BouncyCastle's parse that path building and validation work on.
/// </summary>
internal sealed class PathCertificate
{
    private PathCertificate(X509Certificate2 certificate, BcCertificate parsed, string thumbprint)
    {
        Certificate = certificate;
        Parsed = parsed;
        Thumbprint = thumbprint;
        IsSelfIssued = parsed.SubjectDN.Equivalent(parsed.IssuerDN, inOrder: true);
        SubjectKeyId = KeyIdentifiers.Subject(parsed);
        AuthorityKeyId = KeyIdentifiers.Authority(parsed);
    }

    public X509Certificate2 Certificate { get; }

    public BcCertificate Parsed { get; }

    /// <summary>SHA-256 of the DER encoding: identity for de-duplication.</summary>
    public string Thumbprint { get; }

    /// <summary>Subject and issuer are the same name (RFC 5280 section 6.1: self-issued).</summary>
    public bool IsSelfIssued { get; }

    public byte[]? SubjectKeyId { get; }

    public byte[]? AuthorityKeyId { get; }

    public X509Name Subject => Parsed.SubjectDN;

    public X509Name Issuer => Parsed.IssuerDN;

    /// <summary>
    /// <paramref name="certificate"/> with its BouncyCastle parse; <c>null</c> when BouncyCastle
    /// cannot parse it or reads names or identifiers it cannot decode.
    /// </summary>
    public static PathCertificate? TryCreate(X509Certificate2 certificate, ParsedCertificates parses)
    {
        if (parses.Get(certificate) is not { } parse)
        {
            return null;
        }

        try
        {
            return new PathCertificate(certificate, parse.Parsed, parse.Thumbprint);
        }
        catch (Exception ex) when (BouncyCastleErrors.IsDecodingError(ex))
        {
            return null;
        }
    }

    /// <summary>Whether <paramref name="issuer"/> can have issued this certificate by name (RFC 5280 section 7.1 matching).</summary>
    public bool IsNamedIssuer(PathCertificate issuer) => Issuer.Equivalent(issuer.Subject, inOrder: true);

    /// <summary>Whether the key identifiers agree: this AKI equals the issuer's SKI (unknown when either is absent).</summary>
    public bool KeyIdentifierMatches(PathCertificate issuer) =>
        AuthorityKeyId is not null && issuer.SubjectKeyId is not null && AuthorityKeyId.AsSpan().SequenceEqual(issuer.SubjectKeyId);

    public override string ToString() => Certificate.Subject;
}
