using Org.BouncyCastle.Crypto;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace CrossBorder.Benchmarks;

/// <summary>A chain and its key; the chain parsed for the TLS client once, so that the client's cost stays the same per handshake.</summary>
internal sealed record TlsClientIdentity(IReadOnlyList<byte[]> Chain, AsymmetricKeyParameter Key)
{
    private CertificateEntry[]? _entries;

    public CertificateEntry[] Entries(BcTlsCrypto crypto) =>
        _entries ??= [.. Chain.Select(der => new CertificateEntry(crypto.CreateCertificate(der), null))];
}
