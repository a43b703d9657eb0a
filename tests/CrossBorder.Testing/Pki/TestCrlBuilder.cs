using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CrossBorder.Testing.Pki;

/// <summary>
/// The one way tests make well-formed CRLs: an issuer (or a forger signing in its name), a CRL
/// number, this and next update, and the revoked certificates. A deliberately malformed CRL is
/// written as raw DER by the test that needs it.
/// </summary>
internal sealed class TestCrlBuilder
{
    private readonly X509Certificate2 _issuer;
    private readonly X509SignatureGenerator _signer;
    private readonly CertificateRevocationListBuilder _builder = new();
    private BigInteger _number = BigInteger.One;
    private DateTimeOffset? _thisUpdate;
    private DateTimeOffset _nextUpdate;
    private bool _nextUpdateSet;

    private TestCrlBuilder(X509Certificate2 issuer, X509SignatureGenerator signer)
    {
        _issuer = issuer;
        _signer = signer;
    }

    /// <summary>A CRL of <paramref name="issuer"/>, signed with its key.</summary>
    public static TestCrlBuilder By(TestCertificate issuer)
    {
        ArgumentNullException.ThrowIfNull(issuer);
        return new TestCrlBuilder(issuer.Certificate, issuer.IssuerSigner);
    }

    /// <summary>A CRL in <paramref name="issuer"/>'s name signed with <paramref name="key"/> (its own, or a forger's).</summary>
    public static TestCrlBuilder By(X509Certificate2 issuer, AsymmetricAlgorithm key) =>
        new(issuer, TestCertificateBuilder.SignerFor(key));

    /// <summary>A CRL in <paramref name="issuer"/>'s name signed by <paramref name="signer"/>.</summary>
    public static TestCrlBuilder By(X509Certificate2 issuer, X509SignatureGenerator signer) => new(issuer, signer);

    /// <summary>The CRL number (1 when not given).</summary>
    public TestCrlBuilder Number(BigInteger number)
    {
        _number = number;
        return this;
    }

    /// <summary>This update and next update.</summary>
    public TestCrlBuilder Valid(DateTimeOffset thisUpdate, DateTimeOffset nextUpdate)
    {
        _thisUpdate = thisUpdate;
        _nextUpdate = nextUpdate;
        _nextUpdateSet = true;
        return this;
    }

    /// <summary>Revokes <paramref name="certificate"/> at <paramref name="when"/>, with a reason when given.</summary>
    public TestCrlBuilder Revoke(X509Certificate2 certificate, DateTimeOffset when, X509RevocationReason? reason = null)
    {
        _builder.AddEntry(certificate, when, reason);
        return this;
    }

    /// <summary>The DER of the CRL, with the issuer's key identifier as authority key identifier.</summary>
    public byte[] Build()
    {
        if (!_nextUpdateSet)
        {
            throw new InvalidOperationException("a test CRL states its validity: call Valid(thisUpdate, nextUpdate)");
        }

        var aki = X509AuthorityKeyIdentifierExtension.CreateFromSubjectKeyIdentifier(TestCertificateBuilder.IssuerKeyIdentifier(_issuer));
        return _builder.Build(_issuer.SubjectName, _signer, _number, _nextUpdate, HashAlgorithmName.SHA256, aki, _thisUpdate);
    }
}
