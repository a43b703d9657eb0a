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
        X509Certificate2 Ca(ECDsa key) => TestCertificateBuilder.For("CN=IT Participant CA, O=CrossBorder Test, C=IT").WithKey(key)
            .Ca(pathLength: 0).CaKeyUsage().SubjectKeyIdentifier()
            .Valid(now.AddDays(-1), now.AddYears(2))
            .Build().Certificate;
        var oldCa = Ca(oldKey);
        var newCa = Ca(newKey);
        var signer = TestCertificateBuilder.For("CN=IT/NCP signing, O=CrossBorder Test, C=IT").WithKey(signerKey)
            .KeyUsage(X509KeyUsageFlags.DigitalSignature).AuthorityKeyIdentifier().SanUri("urn:crossborder:participant:IT/NCP")
            .Valid(now.AddHours(-1), now.AddYears(1)).Serial([0x42, 0x17, 0x01, 0x99, 0x23]).IssuedBy(oldCa, oldKey)
            .Build().PublicOnly();

        var embedded = TestCrlBuilder.By(oldCa, oldKey).Number(1).Valid(now.AddHours(-2), now.AddDays(30)).Build();
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
        var fresh = TestCrlBuilder.By(newCa, newKey).Number(2).Valid(now.AddMinutes(-1), now.AddDays(7)).Revoke(signer, now.AddMinutes(-11)).Build();
        Assert.Null(store.Offer("IT", fresh));

        var after = validator.Validate(signer, null, CertificatePurpose.Signing);
        Assert.Equal(ReasonCode.Revoked, after.Reason);
    }
}
