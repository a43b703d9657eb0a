namespace CrossBorder.Core.Envelopes.Cms;

/// <summary>Object identifiers of the crypto profile, and of what it refuses.</summary>
internal static class CmsOids
{
    public const string Data = "1.2.840.113549.1.7.1";
    public const string SignedData = "1.2.840.113549.1.7.2";
    public const string EnvelopedData = "1.2.840.113549.1.7.3";
    public const string AuthEnvelopedData = "1.2.840.113549.1.9.16.1.23";

    public const string ContentTypeAttribute = "1.2.840.113549.1.9.3";
    public const string MessageDigestAttribute = "1.2.840.113549.1.9.4";
    public const string SigningTimeAttribute = "1.2.840.113549.1.9.5";

    public const string Sha1 = "1.3.14.3.2.26";
    public const string Sha256 = "2.16.840.1.101.3.4.2.1";
    public const string Sha384 = "2.16.840.1.101.3.4.2.2";
    public const string Sha512 = "2.16.840.1.101.3.4.2.3";
    public const string Md5 = "1.2.840.113549.2.5";

    public const string EcPublicKey = "1.2.840.10045.2.1";
    public const string EcdsaWithSha256 = "1.2.840.10045.4.3.2";
    public const string EcdsaWithSha1 = "1.2.840.10045.4.1";
    public const string RsaEncryption = "1.2.840.113549.1.1.1";
    public const string RsaPss = "1.2.840.113549.1.1.10";
    public const string RsaOaep = "1.2.840.113549.1.1.7";
    public const string Mgf1 = "1.2.840.113549.1.1.8";
    public const string Sha256WithRsa = "1.2.840.113549.1.1.11";
    public const string Sha1WithRsa = "1.2.840.113549.1.1.5";
    public const string Dsa = "1.2.840.10040.4.1";
    public const string DsaWithSha256 = "2.16.840.1.101.3.4.3.2";

    public const string Aes256Gcm = "2.16.840.1.101.3.4.1.46";
    public const string Aes128Gcm = "2.16.840.1.101.3.4.1.6";
    public const string Aes256Cbc = "2.16.840.1.101.3.4.1.42";
    public const string Aes256Wrap = "2.16.840.1.101.3.4.1.45";
    public const string Aes128Wrap = "2.16.840.1.101.3.4.1.5";

    public const string EcdhSha256Kdf = "1.3.132.1.11.1";
    public const string EcdhSha1Kdf = "1.3.133.16.840.63.0.2";

    public const string NistP256 = "1.2.840.10045.3.1.7";
}
