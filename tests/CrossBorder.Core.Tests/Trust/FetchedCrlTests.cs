using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Trust;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Time.Testing;

namespace CrossBorder.Core.Tests.Trust;

/// <summary>
/// CRLs from outside the signed trust list: the newest current CRL of an issuer decides, and a
/// CRL is kept (and loaded again after a restart) only when a CA of the country in the trust list
/// signed it, it has no critical extension and it does not come from the future.
/// </summary>
public sealed class FetchedCrlTests : IDisposable
{
    private const string UnknownExtension = "1.3.6.1.4.1.55555.1.1";
    private static readonly TimeSpan Skew = TimeSpan.FromMinutes(5);
    private readonly FakeTimeProvider _time = new(TimeProvider.System.GetUtcNow());
    private readonly ECDsa _caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly ECDsa _forgerKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly ECDsa _signerKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly X509Certificate2 _ca;
    private readonly X509Certificate2 _signer;
    private readonly X509Certificate2 _operator = TrustListFactory.NewOperator();
    private readonly DirectoryInfo _folder = Directory.CreateTempSubdirectory("crls-");
    private readonly TrustListSnapshot _trust;

    public FetchedCrlTests()
    {
        var now = _time.GetUtcNow();
        _ca = TestCertificateBuilder.For("CN=IT Participant CA, O=CrossBorder Test, C=IT").WithKey(_caKey)
            .Ca(pathLength: 0).CaKeyUsage().SubjectKeyIdentifier()
            .Valid(now.AddDays(-1), now.AddYears(2))
            .Build().Certificate;

        _signer = TestCertificateBuilder.For("CN=IT/NCP signing, O=CrossBorder Test, C=IT").WithKey(_signerKey)
            .KeyUsage(X509KeyUsageFlags.DigitalSignature).AuthorityKeyIdentifier().SanUri("urn:crossborder:participant:IT/NCP")
            .Valid(now.AddHours(-1), now.AddYears(1)).Serial([0x42, 0x17, 0x01, 0x99, 0x23]).IssuedBy(_ca, _caKey)
            .Build().PublicOnly();
        _trust = TrustList(Crl(_caKey, now.AddHours(-2), now.AddDays(30), revokeSigner: false, number: 1));
    }

    [Fact]
    public void A_fresher_fetched_crl_revoking_the_signer_decides_over_the_current_embedded_crl_that_revokes_nothing()
    {
        var store = Store();
        var validator = Validator(store);
        Assert.True(validator.Validate(_signer, null, CertificatePurpose.Signing).IsAccepted);

        Assert.True(store.TryAdd("IT", Crl(_caKey, _time.GetUtcNow().AddMinutes(-1), _time.GetUtcNow().AddDays(7), revokeSigner: true, number: 2)));

        Assert.Equal(ReasonCode.Revoked, validator.Validate(_signer, null, CertificatePurpose.Signing).Reason);
    }

    [Fact]
    public void A_revocation_is_not_undone_when_the_revoking_crl_goes_stale_while_an_older_one_is_still_current()
    {
        var store = Store();
        var validator = Validator(store);
        Assert.True(store.TryAdd("IT", Crl(_caKey, _time.GetUtcNow().AddMinutes(-1), _time.GetUtcNow().AddDays(7), revokeSigner: true, number: 2)));
        Assert.Equal(ReasonCode.Revoked, validator.Validate(_signer, null, CertificatePurpose.Signing).Reason);

        // The CRL location is down (or blocked) for eight days: the fetched CRL is past its
        // nextUpdate, the embedded one (30 days, revoking nothing) is still current.
        _time.Advance(TimeSpan.FromDays(8));

        Assert.Equal(ReasonCode.RevocationUnknown, validator.Validate(_signer, null, CertificatePurpose.Signing).Reason);
        Assert.Equal(_time.GetUtcNow().AddDays(-1), store.StaleAt(_trust.Countries["IT"])!.Value, TimeSpan.FromMinutes(2));
    }

    [Fact]
    public void A_crl_without_a_crl_number_is_not_kept_and_cannot_displace_the_numbered_one()
    {
        var store = Store();
        var validator = Validator(store);
        Assert.True(store.TryAdd("IT", Crl(_caKey, _time.GetUtcNow().AddMinutes(-2), _time.GetUtcNow().AddDays(7), revokeSigner: true, number: 2)));

        Assert.Equal("the CRL has no CRL number", store.Offer("IT", Crl(_caKey, _time.GetUtcNow().AddMinutes(-1), _time.GetUtcNow().AddDays(7), revokeSigner: false, number: null)));
        Assert.Equal(ReasonCode.Revoked, validator.Validate(_signer, null, CertificatePurpose.Signing).Reason);
    }

    [Fact]
    public void A_forged_crl_with_the_issuers_name_and_a_2030_this_update_is_not_kept_and_a_later_genuine_crl_still_is()
    {
        var store = Store();
        var validator = Validator(store);
        var forged = Crl(_forgerKey, new DateTimeOffset(2030, 1, 1, 0, 0, 0, TimeSpan.Zero), new DateTimeOffset(2030, 2, 1, 0, 0, 0, TimeSpan.Zero), revokeSigner: false, number: 99);

        Assert.NotNull(store.Offer("IT", forged));
        Assert.Equal(0, store.Count);
        Assert.True(validator.Validate(_signer, null, CertificatePurpose.Signing).IsAccepted);

        Assert.Null(store.Offer("IT", Crl(_caKey, _time.GetUtcNow().AddMinutes(-1), _time.GetUtcNow().AddDays(7), revokeSigner: true, number: 2)));
        Assert.Equal(ReasonCode.Revoked, validator.Validate(_signer, null, CertificatePurpose.Signing).Reason);
    }

    [Fact]
    public void A_current_crl_under_the_issuers_name_signed_by_another_key_is_not_kept()
    {
        var store = Store();

        var refused = store.Offer("IT", Crl(_forgerKey, _time.GetUtcNow().AddMinutes(-1), _time.GetUtcNow().AddDays(7), revokeSigner: true, number: 2));

        Assert.Equal("no CA certificate of the country in the trust list signed the CRL", refused);
        Assert.True(Validator(store).Validate(_signer, null, CertificatePurpose.Signing).IsAccepted);
    }

    [Fact]
    public void A_forged_crl_placed_in_the_crls_folder_before_a_restart_is_ignored_at_load()
    {
        var forged = Crl(_forgerKey, _time.GetUtcNow().AddMinutes(-1), new DateTimeOffset(2030, 2, 1, 0, 0, 0, TimeSpan.Zero), revokeSigner: true, number: 99);
        File.WriteAllBytes(Path.Combine(_folder.FullName, "it-0123456789abcdef.crl"), forged);

        var restarted = new CrlStore(_folder.FullName, () => _trust, _time, Skew);

        Assert.Equal(0, restarted.Count);
        Assert.True(Validator(restarted).Validate(_signer, null, CertificatePurpose.Signing).IsAccepted);
        Assert.True(restarted.TryAdd("IT", Crl(_caKey, _time.GetUtcNow().AddMinutes(-1), _time.GetUtcNow().AddDays(7), revokeSigner: true, number: 2)));
    }

    [Fact]
    public void A_genuine_crl_kept_in_the_folder_is_loaded_again_after_a_restart()
    {
        Assert.True(Store().TryAdd("IT", Crl(_caKey, _time.GetUtcNow().AddMinutes(-1), _time.GetUtcNow().AddDays(7), revokeSigner: true, number: 2)));

        var restarted = new CrlStore(_folder.FullName, () => _trust, _time, Skew);

        Assert.Equal(1, restarted.Count);
        Assert.Equal(ReasonCode.Revoked, Validator(restarted).Validate(_signer, null, CertificatePurpose.Signing).Reason);
    }

    [Fact]
    public void A_genuine_crl_with_a_this_update_beyond_the_clock_skew_is_not_kept()
    {
        var store = Store();

        var refused = store.Offer("IT", Crl(_caKey, _time.GetUtcNow() + Skew + TimeSpan.FromMinutes(1), _time.GetUtcNow().AddDays(7), revokeSigner: true, number: 2));

        Assert.Equal("the CRL's thisUpdate is in the future", refused);
        Assert.True(Validator(store).Validate(_signer, null, CertificatePurpose.Signing).IsAccepted);
        Assert.True(store.TryAdd("IT", Crl(_caKey, _time.GetUtcNow().AddMinutes(-1), _time.GetUtcNow().AddDays(7), revokeSigner: true, number: 3)));
    }

    [Fact]
    public void A_crl_with_an_unknown_critical_extension_is_not_kept()
    {
        var store = Store();
        var crl = TestCrlBuilder.By(_ca, _caKey).Number(2).Valid(_time.GetUtcNow().AddMinutes(-1), _time.GetUtcNow().AddDays(7))
            .Revoke(_signer, _time.GetUtcNow().AddMinutes(-11))
            .Extension(new X509Extension(UnknownExtension, [0x05, 0x00], critical: true))
            .Build();

        Assert.Equal("the CRL carries a critical extension", store.Offer("IT", crl));
        Assert.Equal(0, store.Count);
    }

    [Fact]
    public void The_previous_good_crl_stays_when_a_newer_one_fails()
    {
        var store = Store();
        Assert.True(store.TryAdd("IT", Crl(_caKey, _time.GetUtcNow().AddMinutes(-10), _time.GetUtcNow().AddDays(7), revokeSigner: true, number: 2)));

        Assert.NotNull(store.Offer("IT", Crl(_forgerKey, _time.GetUtcNow().AddMinutes(-1), _time.GetUtcNow().AddDays(7), revokeSigner: false, number: 3)));

        Assert.Equal(1, store.Count);
        Assert.Equal(ReasonCode.Revoked, Validator(store).Validate(_signer, null, CertificatePurpose.Signing).Reason);
    }

    [Fact]
    public void With_a_stale_trust_list_a_path_whose_only_fault_is_stale_revocation_is_TRUST_LIST_STALE_and_never_accepted()
    {
        var validator = Validator(Store());
        _time.Advance(TimeSpan.FromDays(31)); // the embedded CRL is past its nextUpdate

        Assert.Equal(ReasonCode.RevocationUnknown, validator.Validate(_signer, null, CertificatePurpose.Signing).Reason);
        var stale = validator.Validate(_signer, null, CertificatePurpose.Signing, trustListStale: true);
        Assert.Equal(ReasonCode.TrustListStale, stale.Reason);
        Assert.False(stale.IsAccepted);
        Assert.Equal(ReasonCode.KeyUsage, validator.Validate(_signer, null, CertificatePurpose.TlsClient, trustListStale: true).Reason);
    }

    public void Dispose()
    {
        _caKey.Dispose();
        _forgerKey.Dispose();
        _signerKey.Dispose();
        _folder.Delete(recursive: true);
    }

    private CrlStore Store() => new(_folder.FullName, () => _trust, _time, Skew);

    private PeerCertificateValidator Validator(CrlStore store) => new(() => _trust, _time, RevocationPolicy.HardFail, store);

    /// <summary>A CRL in the CA's name signed by <paramref name="key"/>; without <paramref name="number"/> it carries no CRL number.</summary>
    private byte[] Crl(ECDsa key, DateTimeOffset thisUpdate, DateTimeOffset nextUpdate, bool revokeSigner, int? number)
    {
        var crl = TestCrlBuilder.By(_ca, key).Valid(thisUpdate, nextUpdate);
        crl = number is { } n ? crl.Number(n) : crl.WithoutCrlNumber();
        return (revokeSigner ? crl.Revoke(_signer, thisUpdate.AddMinutes(-10)) : crl).Build();
    }

    private TrustListSnapshot TrustList(byte[] embeddedCrl)
    {
        var list = new TrustList
        {
            FormatVersion = 1,
            Sequence = 1,
            IssuedAt = Timestamp.FromDateTimeOffset(_time.GetUtcNow()),
            NextUpdate = Timestamp.FromDateTimeOffset(_time.GetUtcNow().AddDays(30)),
            Countries = { new Country { Code = "IT", Anchors = { ByteString.CopyFrom(_ca.RawData) }, Crls = { ByteString.CopyFrom(embeddedCrl) } } },
            Participants =
            {
                new Participant { Id = "IT/NCP", Country = "IT", Roles = { ParticipantRole.Ncp }, PeerEndpoint = "https://127.0.0.1:1" },
            },
        };
        return TrustListCodec.Open(TrustListCodec.Sign(list, _operator, TimeProvider.System), _operator);
    }
}
