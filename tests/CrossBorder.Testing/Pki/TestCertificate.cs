using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CrossBorder.Testing.Pki;

/// <summary>
/// A certificate made by <see cref="TestCertificateBuilder"/>, with its private key attached,
/// the key on its own, and the signature generator that issues under it when it is a CA.
/// </summary>
internal sealed record TestCertificate(X509Certificate2 Certificate, AsymmetricAlgorithm Key, X509SignatureGenerator? Signer) : IDisposable
{
    /// <summary>The signature generator for certificates and CRLs issued under this one; only ECDSA and RSA keys sign.</summary>
    public X509SignatureGenerator IssuerSigner =>
        Signer ?? throw new InvalidOperationException($"{Certificate.Subject} has a key that cannot sign");

    /// <summary>The certificate alone, without its private key, as a peer sees it.</summary>
    public X509Certificate2 PublicOnly() => X509CertificateLoader.LoadCertificate(Certificate.RawData);

    /// <summary>Whether the builder made the key (and disposing this disposes it); a key the test passed in stays the test's.</summary>
    public bool OwnsKey { get; init; }

    /// <summary>
    /// Hands the certificate (with its private key) to a caller that disposes it, such as a TLS
    /// client identity: the key object is let go, the certificate keeps its own copy of the key.
    /// </summary>
    public X509Certificate2 TakeCertificate()
    {
        if (OwnsKey)
        {
            Key.Dispose();
        }

        return Certificate;
    }

    public void Dispose()
    {
        Certificate.Dispose();
        if (OwnsKey)
        {
            Key.Dispose();
        }
    }
}
