using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CrossBorder.Core.Trust.PathValidation;

/// <summary>
/// Whether an issuer's key verifies a certificate's signature, checked with the platform's fast
/// primitives. It only orders path-building candidates: the validator verifies every signature
/// again itself, and an algorithm unknown here simply gives no preference.
/// </summary>
internal static class SignatureHint
{
    public static bool Verifies(PathCertificate child, PathCertificate issuer)
    {
        try
        {
            var tbs = child.Parsed.GetTbsCertificate();
            var signature = child.Parsed.GetSignature();
            return child.Parsed.SigAlgOid switch
            {
                "1.2.840.113549.1.1.11" => Rsa(issuer, tbs, signature, HashAlgorithmName.SHA256),
                "1.2.840.113549.1.1.12" => Rsa(issuer, tbs, signature, HashAlgorithmName.SHA384),
                "1.2.840.113549.1.1.13" => Rsa(issuer, tbs, signature, HashAlgorithmName.SHA512),
                "1.2.840.10045.4.3.2" => Ecdsa(issuer, tbs, signature, HashAlgorithmName.SHA256),
                "1.2.840.10045.4.3.3" => Ecdsa(issuer, tbs, signature, HashAlgorithmName.SHA384),
                "1.2.840.10045.4.3.4" => Ecdsa(issuer, tbs, signature, HashAlgorithmName.SHA512),
                _ => false,
            };
        }
        catch (Exception ex) when (ex is CryptographicException || BouncyCastleErrors.IsDecodingError(ex))
        {
            return false;
        }
    }

    private static bool Rsa(PathCertificate issuer, byte[] tbs, byte[] signature, HashAlgorithmName hash)
    {
        using var key = issuer.Certificate.GetRSAPublicKey();
        return key is not null && key.VerifyData(tbs, signature, hash, RSASignaturePadding.Pkcs1);
    }

    private static bool Ecdsa(PathCertificate issuer, byte[] tbs, byte[] signature, HashAlgorithmName hash)
    {
        using var key = issuer.Certificate.GetECDsaPublicKey();
        return key is not null && key.VerifyData(tbs, signature, hash, DSASignatureFormat.Rfc3279DerSequence);
    }
}
