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

    public Party MakeParty(string id, string? uri = null)
    {
        var country = id[..2];
        if (!_roots.TryGetValue(country, out var root))
        {
            var key = ECDsa.Create(ECCurve.NamedCurves.nistP256);
            var request = new CertificateRequest($"CN=Test Root {country}", key, HashAlgorithmName.SHA256);
            request.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, false, 0, true));
            request.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
            request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
            root = (request.CreateSelfSigned(TimeProvider.System.GetUtcNow().AddDays(-1), TimeProvider.System.GetUtcNow().AddYears(1)), key);
            _roots[country] = root;
        }

        var signingKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        var signing = Issue(root, $"CN={id} signing", new PublicKey(signingKey), X509KeyUsageFlags.DigitalSignature, uri ?? $"urn:crossborder:participant:{id}")
            .CopyWithPrivateKey(signingKey);
        using var ecdh = ECDiffieHellman.Create(ECCurve.NamedCurves.nistP256);
        var encryption = Issue(root, $"CN={id} encryption", new PublicKey(ecdh), X509KeyUsageFlags.KeyAgreement, $"urn:crossborder:participant:{id}");
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

    private static X509Certificate2 Issue((X509Certificate2 Root, ECDsa Key) issuer, string subject, PublicKey key, X509KeyUsageFlags usage, string uri)
    {
        var request = new CertificateRequest(new X500DistinguishedName(subject), key, HashAlgorithmName.SHA256);
        request.CertificateExtensions.Add(new X509BasicConstraintsExtension(false, false, 0, true));
        request.CertificateExtensions.Add(new X509KeyUsageExtension(usage, true));
        var san = new SubjectAlternativeNameBuilder();
        san.AddUri(new Uri(uri));
        request.CertificateExtensions.Add(san.Build());
        request.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(request.PublicKey, false));
        request.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(issuer.Root, true, false));
        return request.Create(issuer.Root.SubjectName, X509SignatureGenerator.CreateForECDsa(issuer.Key),
            TimeProvider.System.GetUtcNow().AddHours(-1), TimeProvider.System.GetUtcNow().AddMonths(6), RandomNumberGenerator.GetBytes(12));
    }
}

/// <summary>One participant's keys.</summary>
public sealed record Party(string Id, SigningIdentity Signing, X509Certificate2 Encryption, RecipientKey Decryption);
