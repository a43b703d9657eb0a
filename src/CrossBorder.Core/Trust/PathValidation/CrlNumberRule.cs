using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.X509;

namespace CrossBorder.Core.Trust.PathValidation;

/// <summary>
/// RFC 5280 5.2.3: a conforming CRL issuer MUST include the CRL number. A CRL without one is not
/// conforming and covers nothing: left out, so that with CRLs required the certificates it would
/// have covered have no known status (REVOCATION_UNKNOWN). Applied where currency is judged, in
/// <see cref="CrlSet.IsCurrent"/>, so that every use of a CRL follows it.
/// </summary>
internal static class CrlNumberRule
{
    public static bool IsNumbered(X509Crl crl) => crl.GetExtensionValue(X509Extensions.CrlNumber) is not null;
}
