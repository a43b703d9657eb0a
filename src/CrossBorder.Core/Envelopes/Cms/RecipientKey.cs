using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CrossBorder.Core.Envelopes.Cms;

/// <summary>Our encryption certificate and its private key (ECDH P-256 or RSA), for opening envelopes.</summary>
public sealed class RecipientKey : IDisposable
{
    private RecipientKey(X509Certificate2 certificate, ECDiffieHellman? ecdh, RSA? rsa)
    {
        Certificate = certificate;
        Ecdh = ecdh;
        Rsa = rsa;
    }

    /// <summary>The encryption certificate.</summary>
    public X509Certificate2 Certificate { get; }

    internal ECDiffieHellman? Ecdh { get; }

    internal RSA? Rsa { get; }

    /// <summary>Takes the key of an EC (used for ECDH) or RSA certificate.</summary>
    public static RecipientKey Create(X509Certificate2 certificate, AsymmetricAlgorithm privateKey) => privateKey switch
    {
        ECDiffieHellman ecdh => new RecipientKey(certificate, ECDiffieHellman.Create(ecdh.ExportParameters(true)), null),
        ECDsa ecdsa => new RecipientKey(certificate, ECDiffieHellman.Create(ecdsa.ExportParameters(true)), null),
        RSA rsa => new RecipientKey(certificate, null, RSA.Create(rsa.ExportParameters(true))),
        _ => throw new CryptographicException("recipient key must be EC or RSA"),
    };

    /// <summary>Takes the private key attached to a certificate.</summary>
    public static RecipientKey FromCertificate(X509Certificate2 certificate)
    {
        ArgumentNullException.ThrowIfNull(certificate);
        if (certificate.GetRSAPrivateKey() is { } rsa)
        {
            return new RecipientKey(certificate, null, rsa);
        }

        if (certificate.GetECDiffieHellmanPrivateKey() is { } ecdh)
        {
            return new RecipientKey(certificate, ecdh, null);
        }

        using var ecdsa = certificate.GetECDsaPrivateKey() ?? throw new CryptographicException("certificate has no usable private key");
        return Create(certificate, ecdsa);
    }

    /// <inheritdoc />
    public void Dispose()
    {
        Ecdh?.Dispose();
        Rsa?.Dispose();
    }
}
