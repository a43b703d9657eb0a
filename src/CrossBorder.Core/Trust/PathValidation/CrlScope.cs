using Org.BouncyCastle.Asn1;
using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Math;
using Org.BouncyCastle.X509;

namespace CrossBorder.Core.Trust.PathValidation;

/// <summary>
/// What a CRL speaks for: its issuer's name and key (authority key identifier), its issuing
/// distribution point, and whether it is complete or a delta. Two CRLs of one scope are two
/// editions of the same list: the newer one (thisUpdate, then CRL number) is the issuer's word.
/// </summary>
internal readonly record struct CrlScope(string Issuer, string AuthorityKey, string DistributionPoint, bool IsDelta)
{
    public static CrlScope Of(X509Crl crl) => new(
        crl.IssuerDN.ToString(),
        Hex(crl.GetExtensionValue(X509Extensions.AuthorityKeyIdentifier)),
        Hex(crl.GetExtensionValue(X509Extensions.IssuingDistributionPoint)),
        crl.GetExtensionValue(X509Extensions.DeltaCrlIndicator) is not null);

    /// <summary>The newest edition: latest thisUpdate, then highest CRL number.</summary>
    public static X509Crl Newest(IEnumerable<X509Crl> editions) => editions
        .OrderByDescending(c => c.ThisUpdate)
        .ThenByDescending(Number, Comparer<BigInteger>.Create((a, b) => a.CompareTo(b)))
        .First();

    /// <summary>The CRL number, zero when absent or unreadable.</summary>
    public static BigInteger Number(X509Crl crl)
    {
        try
        {
            return crl.GetExtensionValue(X509Extensions.CrlNumber) is { } value
                ? DerInteger.GetInstance(value.GetOctets()).Value
                : BigInteger.Zero;
        }
        catch (Exception ex) when (BouncyCastleErrors.IsDecodingError(ex))
        {
            return BigInteger.Zero;
        }
    }

    private static string Hex(Asn1OctetString? value) => value is null ? "" : Convert.ToHexString(value.GetOctets());
}
