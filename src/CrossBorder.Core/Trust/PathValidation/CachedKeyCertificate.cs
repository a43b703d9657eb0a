using Org.BouncyCastle.Asn1.X509;
using Org.BouncyCastle.Crypto;
using BcCertificate = Org.BouncyCastle.X509.X509Certificate;

namespace CrossBorder.Core.Trust.PathValidation;

/// <summary>
/// A BouncyCastle certificate that builds its public key once. BouncyCastle checks every RSA
/// modulus it turns into a key with Miller-Rabin rounds (milliseconds each), and its validator asks
/// for the same keys again and again: for the path, for each CRL, for CRL signers' paths.
/// </summary>
internal sealed class CachedKeyCertificate(X509CertificateStructure structure) : BcCertificate(structure)
{
    private AsymmetricKeyParameter? _publicKey;

    public override AsymmetricKeyParameter GetPublicKey() => _publicKey ??= base.GetPublicKey();
}
