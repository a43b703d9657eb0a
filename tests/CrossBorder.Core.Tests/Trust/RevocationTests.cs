using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Envelopes;
using CrossBorder.Core.Errors;
using CrossBorder.Core.Trust;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Time.Testing;

namespace CrossBorder.Core.Tests.Trust;

/// <summary>Revocation from the trust list's CRLs: revoked, hard-fail, soft-fail window.</summary>
public sealed class RevocationTests : IDisposable
{
    private static readonly TimeSpan Day = TimeSpan.FromDays(1);
    private readonly FakeTimeProvider _time = new(TimeProvider.System.GetUtcNow());
    private readonly ECDsa _rootKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly X509Certificate2 _root;
    private readonly ECDsa _signerKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly X509Certificate2 _signer;
    private readonly X509Certificate2 _operator = TrustListFactory.NewOperator();

    public RevocationTests()
    {
        var now = _time.GetUtcNow();
        _root = TestCertificateBuilder.For("CN=Root AL").WithKey(_rootKey)
            .Ca().CaKeyUsage().SubjectKeyIdentifier()
            .Valid(now.AddDays(-1), now.AddYears(2))
            .Build().Certificate;

        _signer = TestCertificateBuilder.For("CN=AL/NCP signing").WithKey(_signerKey)
            .KeyUsage(X509KeyUsageFlags.DigitalSignature).SanUri("urn:crossborder:participant:AL/NCP").SubjectKeyIdentifier().AuthorityKeyIdentifier()
            .Valid(now.AddHours(-1), now.AddYears(1)).IssuedBy(_root, _rootKey)
            .Build().Certificate;
    }

    [Fact]
    public void A_revoked_signing_certificate_is_refused_as_revoked_and_an_unrevoked_one_accepted()
    {
        var revoked = Validator(Crl(revokeSigner: true, nextUpdate: _time.GetUtcNow() + Day), RevocationPolicy.HardFail);
        var clean = Validator(Crl(revokeSigner: false, nextUpdate: _time.GetUtcNow() + Day), RevocationPolicy.HardFail);

        Assert.Equal(ReasonCode.Revoked, revoked.Validate(_signer, null, CertificatePurpose.Signing).Reason);
        Assert.True(clean.Validate(_signer, null, CertificatePurpose.Signing).IsAccepted);
    }

    [Fact]
    public void A_peer_presenting_more_than_eight_certificates_is_refused_as_PATH_LIMIT_for_every_purpose_before_any_path_is_built()
    {
        var validator = Validator(Crl(revokeSigner: false, nextUpdate: _time.GetUtcNow() + Day), RevocationPolicy.HardFail);
        var eight = new X509Certificate2Collection();
        for (var i = 0; i < 8; i++)
        {
            eight.Add(_root);
        }

        // Eight copies of the genuine CA beside the leaf still validate: the count is the only difference.
        Assert.True(validator.Validate(_signer, eight, CertificatePurpose.Signing).IsAccepted);
        var nine = new X509Certificate2Collection(eight) { _root };
        foreach (var purpose in new[] { CertificatePurpose.TlsServer, CertificatePurpose.TlsClient, CertificatePurpose.Signing })
        {
            var refused = validator.Validate(_signer, nine, purpose);
            Assert.Equal(ReasonCode.PathLimit, refused.Reason);
            Assert.Contains("presented 9 certificates", refused.Detail, StringComparison.Ordinal);
        }
    }

    [Fact]
    public void An_envelope_signed_with_a_revoked_certificate_does_not_open()
    {
        var validator = new TrustListSignerValidator(Validator(Crl(revokeSigner: true, nextUpdate: _time.GetUtcNow() + Day), RevocationPolicy.HardFail));
        using var encryption = TestCertificateBuilder.For("CN=IT/NCP encryption").EcdhKey()
            .SubjectKeyIdentifier().AuthorityKeyIdentifier()
            .Valid(_time.GetUtcNow().AddHours(-1), _time.GetUtcNow().AddYears(1)).IssuedBy(_root, _rootKey)
            .Build();
        var recipient = encryption.PublicOnly();
        using var recipientKey = CrossBorder.Core.Envelopes.Cms.RecipientKey.Create(recipient, (ECDiffieHellman)encryption.Key);
        var sealedBytes = CmsEnvelope.Seal("case"u8, _signer, _signerKey, [], [recipient], _time.GetUtcNow());
        var envelope = new ReadOnlyMemory<byte>(sealedBytes);

        var error = Assert.Throws<RejectedException>(() => { CmsEnvelope.Open(envelope, recipientKey, validator, _time.GetUtcNow(), 1 << 20); });

        Assert.Equal(ReasonCode.Revoked, error.Reason);
    }

    [Fact]
    public void Hard_fail_refuses_as_soon_as_the_crl_is_past_its_next_update()
    {
        var validator = Validator(Crl(revokeSigner: false, nextUpdate: _time.GetUtcNow() - TimeSpan.FromMinutes(1)), RevocationPolicy.HardFail);

        Assert.Equal(ReasonCode.RevocationUnknown, validator.Validate(_signer, null, CertificatePurpose.Signing).Reason);
    }

    [Fact]
    public void Soft_fail_accepts_within_its_window_and_refuses_after_it_and_revocations_still_count()
    {
        var soft = new RevocationPolicy(SoftFail: true, Grace: TimeSpan.FromHours(72), WarnBefore: TimeSpan.FromHours(48));
        var nextUpdate = _time.GetUtcNow() + Day;
        var cleanCrl = Crl(revokeSigner: false, nextUpdate: nextUpdate);
        var clean = Validator(cleanCrl, soft);
        var revoked = Validator(Crl(revokeSigner: true, nextUpdate: nextUpdate), soft);

        _time.Advance(Day + TimeSpan.FromHours(71));
        Assert.True(clean.Validate(_signer, null, CertificatePurpose.Signing).IsAccepted);
        Assert.Equal(ReasonCode.Revoked, revoked.Validate(_signer, null, CertificatePurpose.Signing).Reason);

        _time.Advance(TimeSpan.FromHours(2));
        Assert.Equal(ReasonCode.RevocationUnknown, Validator(cleanCrl, soft).Validate(_signer, null, CertificatePurpose.Signing).Reason);
    }

    [Fact]
    public void A_trust_list_without_crls_for_a_country_leaves_its_participants_unverifiable()
    {
        var validator = Validator(crl: null, RevocationPolicy.HardFail);

        Assert.Equal(ReasonCode.RevocationUnknown, validator.Validate(_signer, null, CertificatePurpose.Signing).Reason);
    }

    public void Dispose()
    {
        _rootKey.Dispose();
        _signerKey.Dispose();
    }

    private PeerCertificateValidator Validator(byte[]? crl, RevocationPolicy policy)
    {
        var country = new Country { Code = "AL", Anchors = { ByteString.CopyFrom(_root.RawData) } };
        if (crl is not null)
        {
            country.Crls.Add(ByteString.CopyFrom(crl));
        }

        var list = new TrustList
        {
            FormatVersion = 1,
            Sequence = 1,
            IssuedAt = Timestamp.FromDateTimeOffset(_time.GetUtcNow()),
            NextUpdate = Timestamp.FromDateTimeOffset(_time.GetUtcNow().AddDays(30)),
            Countries = { country },
            Participants =
            {
                new Participant { Id = "AL/NCP", Country = "AL", Roles = { ParticipantRole.Ncp }, PeerEndpoint = "https://127.0.0.1:1" },
            },
        };
        var snapshot = TrustListCodec.Open(TrustListCodec.Sign(list, _operator, TimeProvider.System), _operator);
        return new PeerCertificateValidator(() => snapshot, _time, policy);
    }

    private byte[] Crl(bool revokeSigner, DateTimeOffset nextUpdate)
    {
        var crl = TestCrlBuilder.By(_root, _rootKey).Valid(_time.GetUtcNow().AddHours(-2), nextUpdate);
        if (revokeSigner)
        {
            crl.Revoke(_signer, _time.GetUtcNow().AddMinutes(-30), X509RevocationReason.KeyCompromise);
        }

        return crl.Build();
    }
}
