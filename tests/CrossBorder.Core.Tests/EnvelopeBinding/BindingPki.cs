using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CrossBorder.Core.Envelopes;
using CrossBorder.Core.Envelopes.Cms;

namespace CrossBorder.Core.Tests.EnvelopeBinding;

/// <summary>
/// A small federation made in memory for envelope tests: one root CA per country, and per
/// participant a signing certificate and an ECDH encryption certificate naming it in a SAN URI.
/// </summary>
public sealed class BindingPki : IDisposable
{
    private readonly Dictionary<string, (X509Certificate2 Root, ECDsa Key)> _roots = [];
    private readonly Dictionary<string, Party> _parties = [];

    public BindingPki()
    {
        foreach (var id in new[] { "AL/NCP", "IT/NCP", "GR/NCP" })
        {
            _parties[id] = MakeParty(id);
        }
    }

    public X509Certificate2Collection Anchors => [.. _roots.Values.Select(r => r.Root)];

    public Party this[string id] => _parties[id];

    /// <summary>The root CA of <paramref name="country"/>, as a trust list publishes it.</summary>
    public X509Certificate2 Root(string country) => _roots[country].Root;

    /// <summary>
    /// A current CRL of <paramref name="country"/>'s root that revokes nothing: a trust list must
    /// carry one for a participant's certificate to validate, since revocation is always checked.
    /// </summary>
    public byte[] Crl(string country, DateTimeOffset now)
    {
        var (root, key) = _roots[country];
        return TestCrlBuilder.By(root, key).Valid(now.AddHours(-1), now.AddDays(7)).Build();
    }

    public Party MakeParty(string id, string? uri = null)
    {
        var country = id[..2];
        if (!_roots.TryGetValue(country, out var root))
        {
            var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var now = TimeProvider.System.GetUtcNow();
            root = (TestCertificateBuilder.For($"CN=Test Root {country}").WithKey(key)
                .Ca().CaKeyUsage().SubjectKeyIdentifier()
                .Valid(now.AddDays(-1), now.AddYears(1))
                .Build().Certificate, key);
            _roots[country] = root;
        }

        var signingKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var signing = Issue(root, $"CN={id} signing", signingKey, X509KeyUsageFlags.DigitalSignature, uri ?? $"urn:crossborder:participant:{id}")
            .CopyWithPrivateKey(signingKey);
        using var ecdh = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        var encryption = Issue(root, $"CN={id} encryption", ecdh, X509KeyUsageFlags.KeyAgreement, $"urn:crossborder:participant:{id}");
        return new Party(id, new SigningIdentity(signing, signingKey, []), encryption, RecipientKey.Create(encryption, ecdh));
    }

    public void Dispose()
    {
        foreach (var (_, key) in _roots.Values)
        {
            key.Dispose();
        }

        foreach (var party in _parties.Values)
        {
            party.Decryption.Dispose();
            party.Signing.Key.Dispose();
        }
    }

    private static X509Certificate2 Issue((X509Certificate2 Root, ECDsa Key) issuer, string subject, AsymmetricAlgorithm key, X509KeyUsageFlags usage, string uri)
    {
        var now = TimeProvider.System.GetUtcNow();
        using var made = TestCertificateBuilder.For(subject).WithKey(key)
            .EndEntity().KeyUsage(usage).SanUri(uri).SubjectKeyIdentifier().AuthorityKeyIdentifier()
            .Valid(now.AddHours(-1), now.AddMonths(6)).IssuedBy(issuer.Root, issuer.Key)
            .Build();
        return made.PublicOnly();
    }
}
