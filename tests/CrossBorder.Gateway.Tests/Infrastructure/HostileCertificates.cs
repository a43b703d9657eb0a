using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CrossBorder.Conformance.Pki;

namespace CrossBorder.Gateway.Tests.Infrastructure;

/// <summary>
/// Certificates an unauthenticated TLS client (or server) controls completely: issuers nobody
/// trusts, AIA and CRL distribution point URLs of its choosing, chains as long as it likes.
/// </summary>
internal static class HostileCertificates
{
    /// <summary>
    /// A certificate naming <paramref name="sanUri"/> from a CA made on the spot and not presented,
    /// whose caIssuers (AIA) and CRL distribution point URLs are under <paramref name="listener"/>.
    /// </summary>
    public static ClientIdentity PointingAt(CountingListener listener, string sanUri, string extendedKeyUsage)
    {
        var now = TimeProvider.System.GetUtcNow();
        using var caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var ca = CertificateFactory.SelfSignedCa("CN=Fetch Me CA, O=Nobody", caKey, 0, now.AddHours(-1), now.AddYears(1));
        var made = TestCertificateBuilder.For("CN=Fetch Me, O=Nobody")
            .KeyUsage(X509KeyUsageFlags.DigitalSignature)
            .ExtendedKeyUsage([extendedKeyUsage])
            .SanUri(sanUri).SanDns("localhost")
            .AuthorityKeyIdentifier()
            .CaIssuers(listener.Url("ca.crt").AbsoluteUri)
            .CrlDistributionPoint(listener.Url("ca.crl").AbsoluteUri)
            .Valid(now.AddMinutes(-5), now.AddDays(1)).Serial([0x5a, 0x11, 0x22]).IssuedBy(ca, caKey)
            .Build();
        return new ClientIdentity(made.TakeCertificate(), []);
    }

    /// <summary>
    /// A leaf naming <paramref name="sanUri"/> at the end of a chain of <paramref name="intermediates"/>
    /// CAs made on the spot, presented with all of them.
    /// </summary>
    public static ClientIdentity WithLongChain(string sanUri, int intermediates)
    {
        var now = TimeProvider.System.GetUtcNow();
        var keys = new List<ECDsa>();
        var chain = new X509Certificate2Collection();
        try
        {
            keys.Add(ECDsa.Create(ECCurve.NamedCurves.nistP256));
            var issuer = CertificateFactory.SelfSignedCa("CN=X", keys[0], null, now.AddHours(-1), now.AddYears(1));
            for (var i = 0; i < intermediates; i++)
            {
                keys.Add(ECDsa.Create(ECCurve.NamedCurves.nistP256));
                var next = CertificateFactory.SubordinateCa($"CN=X {i}", keys[^1], issuer, keys[^2], null, now.AddHours(-1), now.AddYears(1));
                chain.Add(issuer);
                issuer = next;
            }

            chain.Add(issuer);
            using var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            using var leaf = CertificateFactory.Leaf("CN=Long Chain", new PublicKey(key), issuer, keys[^1], X509KeyUsageFlags.DigitalSignature,
                [CertificateFactory.ClientAuth], [sanUri], false, now.AddMinutes(-5), now.AddDays(1));
            return new ClientIdentity(leaf.CopyWithPrivateKey(key), chain);
        }
        finally
        {
            keys.ForEach(k => k.Dispose());
        }
    }
}
