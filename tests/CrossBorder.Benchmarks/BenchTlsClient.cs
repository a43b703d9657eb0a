using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace CrossBorder.Benchmarks;

/// <summary>TLS 1.3 with ALPN h2 and a client certificate message carrying exactly the given chain; the server is not checked.</summary>
internal sealed class BenchTlsClient : DefaultTlsClient
{
    private readonly BcTlsCrypto _crypto;
    private readonly TlsClientIdentity _identity;

    public BenchTlsClient(BcTlsCrypto crypto, TlsClientIdentity identity)
        : base(crypto)
    {
        _crypto = crypto;
        _identity = identity;
    }

    public override TlsAuthentication GetAuthentication() => new Authentication(this);

    protected override ProtocolVersion[] GetSupportedVersions() => ProtocolVersion.TLSv13.Only();

    protected override IList<ProtocolName> GetProtocolNames() => [ProtocolName.Http_2_Tls];

    private BcDefaultTlsCredentialedSigner Credentials(Org.BouncyCastle.Tls.CertificateRequest request)
    {
        var certificate = new Certificate(request.GetCertificateRequestContext(), _identity.Entries(_crypto));
        return new BcDefaultTlsCredentialedSigner(
            new TlsCryptoParameters(m_context), _crypto, _identity.Key, certificate,
            SignatureScheme.GetSignatureAndHashAlgorithm(SignatureScheme.ecdsa_secp256r1_sha256));
    }

    private sealed class Authentication(BenchTlsClient client) : TlsAuthentication
    {
        public void NotifyServerCertificate(TlsServerCertificate serverCertificate)
        {
        }

        public TlsCredentials GetClientCredentials(Org.BouncyCastle.Tls.CertificateRequest certificateRequest) => client.Credentials(certificateRequest);
    }
}
