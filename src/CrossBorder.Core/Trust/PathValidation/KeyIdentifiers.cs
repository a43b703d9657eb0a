using Org.BouncyCastle.Asn1.X509;
using BcCertificate = Org.BouncyCastle.X509.X509Certificate;

namespace CrossBorder.Core.Trust.PathValidation;

/// <summary>Subject and authority key identifiers, used only to order path-building candidates.</summary>
internal static class KeyIdentifiers
{
    public static byte[]? Subject(BcCertificate certificate)
    {
        try
        {
            return SubjectKeyIdentifier.FromExtensions(certificate.CertificateStructure.TbsCertificate.Extensions)?.GetKeyIdentifier();
        }
        catch (Exception ex) when (BouncyCastleErrors.IsDecodingError(ex))
        {
            return null; // an undecodable identifier only loses a preference; validation judges the certificate
        }
    }

    public static byte[]? Authority(BcCertificate certificate)
    {
        try
        {
            return AuthorityKeyIdentifier.FromExtensions(certificate.CertificateStructure.TbsCertificate.Extensions)?.KeyIdentifier?.GetOctets();
        }
        catch (Exception ex) when (BouncyCastleErrors.IsDecodingError(ex))
        {
            return null;
        }
    }
}
