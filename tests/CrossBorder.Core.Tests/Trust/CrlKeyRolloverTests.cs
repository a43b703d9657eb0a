using System.Numerics;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Trust;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Time.Testing;

namespace CrossBorder.Core.Tests.Trust;

/// <summary>
/// A CA rolls its key over: both CA certificates (one name, two keys) are anchors in the trust
/// list, and the CA signs its CRLs with the new key from then on. Such a CRL revoking a certificate
/// issued under the old key must decide, not the older CRL the old key signed.
/// </summary>
public sealed class CrlKeyRolloverTests
{
    [Fact]
    public void A_newer_crl_signed_with_the_rolled_over_key_revoking_a_leaf_of_the_old_key_decides()
    {
        var time = new FakeTimeProvider(TimeProvider.System.GetUtcNow());
        var now = time.GetUtcNow();
        using var oldKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var newKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var signerKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        X509Certificate2 Ca(ECDsa key)
        {
            var ca = new CertificateRequest("CN=IT Participant CA, O=CrossBorder Test, C=IT", key, HashAlgorithmName.SHA256);
            ca.CertificateExtensions.Add(new X509BasicConstraintsExtension(true, true, 0, true));
            ca.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.KeyCertSign | X509KeyUsageFlags.CrlSign, true));
            ca.CertificateExtensions.Add(new X509SubjectKeyIdentifierExtension(ca.PublicKey, false));
            return ca.CreateSelfSigned(now.AddDays(-1), now.AddYears(2));
        }
        var oldCa = Ca(oldKey);
        var newCa = Ca(newKey);
        var leaf = new CertificateRequest("CN=IT/NCP signing, O=CrossBorder Test, C=IT", signerKey, HashAlgorithmName.SHA256);
        leaf.CertificateExtensions.Add(new X509KeyUsageExtension(X509KeyUsageFlags.DigitalSignature, true));
        leaf.CertificateExtensions.Add(X509AuthorityKeyIdentifierExtension.CreateFromCertificate(oldCa, true, false));
        var san = new SubjectAlternativeNameBuilder();
        san.AddUri(new Uri("urn:crossborder:participant:IT/NCP"));
        leaf.CertificateExtensions.Add(san.Build());
        var signer = leaf.Create(oldCa, now.AddHours(-1), now.AddYears(1), [0x42, 0x17, 0x01, 0x99, 0x23]);
        byte[] Ski(X509Certificate2 c) => c.Extensions.OfType<X509SubjectKeyIdentifierExtension>().Single().SubjectKeyIdentifierBytes.ToArray();

        var embedded = HandMadeCrl.Build(oldCa.SubjectName, oldKey, now.AddHours(-2), now.AddDays(30), [], new BigInteger(1), Ski(oldCa));
        var op = TrustListFactory.NewOperator();
        var list = new TrustList
        {
            FormatVersion = 1,
            Sequence = 1,
            IssuedAt = Timestamp.FromDateTimeOffset(now),
            NextUpdate = Timestamp.FromDateTimeOffset(now.AddDays(30)),
            Countries = { new Country { Code = "IT", Anchors = { ByteString.CopyFrom(oldCa.RawData), ByteString.CopyFrom(newCa.RawData) }, Crls = { ByteString.CopyFrom(embedded) } } },
            Participants = { new Participant { Id = "IT/NCP", Country = "IT", Roles = { ParticipantRole.Ncp }, PeerEndpoint = "https://127.0.0.1:1" } },
        };
        var trust = TrustListCodec.Open(TrustListCodec.Sign(list, op, TimeProvider.System), op);
        var store = new CrlStore(() => trust, time, TimeSpan.FromMinutes(5));
        var validator = new PeerCertificateValidator(() => trust, time, RevocationPolicy.HardFail, store);
        Assert.True(validator.Validate(signer, null, CertificatePurpose.Signing).IsAccepted);

        // After the rollover the CA signs its CRLs with the new key; this one revokes the signer.
        var fresh = HandMadeCrl.Build(newCa.SubjectName, newKey, now.AddMinutes(-1), now.AddDays(7), [signer], new BigInteger(2), Ski(newCa));
        Assert.Null(store.Offer("IT", fresh));

        var after = validator.Validate(signer, null, CertificatePurpose.Signing);
        Assert.Equal(ReasonCode.Revoked, after.Reason);
    }
}
