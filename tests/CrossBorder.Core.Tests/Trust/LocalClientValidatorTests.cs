using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Trust;
using Microsoft.Extensions.Time.Testing;

namespace CrossBorder.Core.Tests.Trust;

/// <summary>The local face's client check: the gateway's own local CA, this participant, a configured role; acceptances remembered within bounds.</summary>
public sealed class LocalClientValidatorTests : IDisposable
{
    private static readonly ParticipantId It = ParticipantId.Parse("IT/NCP");
    private readonly FakeTimeProvider _time = new(new DateTimeOffset(2026, 11, 28, 12, 0, 0, TimeSpan.Zero));
    private readonly ECDsa _caKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
    private readonly X509Certificate2 _localCa;

    public LocalClientValidatorTests()
    {
        _localCa = SelfSignedCa("CN=IT/NCP local CA", _caKey);
    }

    [Fact]
    public void A_client_of_the_local_CA_with_a_configured_role_is_accepted_as_that_client()
    {
        using var client = Client(_localCa, _caKey, "urn:crossborder:local:IT/NCP:case-worker", TimeSpan.FromDays(30));

        var check = Validator().Validate(client, null);

        Assert.True(check.IsAccepted, check.Detail);
        Assert.Equal(ReasonCode.Unspecified, check.Reason);
        Assert.Equal("case-worker", check.Client!.Role);
        Assert.Equal(It, check.Client.Participant);
    }

    [Fact]
    public void A_client_of_another_CA_a_role_not_configured_and_a_client_of_another_participant_are_refused_each_with_its_code()
    {
        using var otherKey = ECDsa.Create(ECCurve.NamedCurves.nistP256);
        using var otherCa = SelfSignedCa("CN=somebody else's CA", otherKey);
        using var foreign = Client(otherCa, otherKey, "urn:crossborder:local:IT/NCP:case-worker", TimeSpan.FromDays(30));
        using var unknownRole = Client(_localCa, _caKey, "urn:crossborder:local:IT/NCP:auditor", TimeSpan.FromDays(30));
        using var otherParticipant = Client(_localCa, _caKey, "urn:crossborder:local:AL/NCP:case-worker", TimeSpan.FromDays(30));
        var validator = Validator();

        Assert.Equal(ReasonCode.Untrusted, validator.Validate(foreign, null).Reason);
        Assert.Equal(ReasonCode.NotAuthorized, validator.Validate(unknownRole, null).Reason);
        Assert.Equal(ReasonCode.NotAuthorized, validator.Validate(otherParticipant, null).Reason);
    }

    [Fact]
    public void A_remembered_acceptance_ends_when_the_certificate_expires()
    {
        using var client = Client(_localCa, _caKey, "urn:crossborder:local:IT/NCP:case-worker", TimeSpan.FromMinutes(2));
        var validator = Validator();
        Assert.True(validator.Validate(client, null).IsAccepted);

        _time.Advance(TimeSpan.FromMinutes(1));
        Assert.True(validator.Validate(client, null).IsAccepted);

        _time.Advance(TimeSpan.FromMinutes(2));
        var expired = validator.Validate(client, null);

        Assert.False(expired.IsAccepted);
        Assert.Equal(ReasonCode.Expired, expired.Reason);
    }

    [Fact]
    public void A_withdrawn_certificate_is_refused_as_revoked_although_it_would_otherwise_be_accepted()
    {
        using var client = Client(_localCa, _caKey, "urn:crossborder:local:IT/NCP:case-worker", TimeSpan.FromDays(30));
        Assert.True(Validator().Validate(client, null).IsAccepted);
        var withdrawn = Validator(new HashSet<string> { Convert.ToHexString(SHA256.HashData(client.RawData)) });

        var first = withdrawn.Validate(client, null);
        var again = withdrawn.Validate(client, null);

        Assert.Equal(ReasonCode.Revoked, first.Reason);
        Assert.Equal(ReasonCode.Revoked, again.Reason);
    }

    public void Dispose()
    {
        _localCa.Dispose();
        _caKey.Dispose();
    }

    private LocalClientValidator Validator(IReadOnlySet<string>? revoked = null) =>
        new(It, [_localCa], new HashSet<string> { "case-worker", "consular-officer" }, _time, revoked);

    private X509Certificate2 SelfSignedCa(string name, ECDsa key) =>
        TestCertificateBuilder.For(name).WithKey(key)
            .Ca().CaKeyUsage().SubjectKeyIdentifier()
            .Valid(_time.GetUtcNow().AddDays(-1), _time.GetUtcNow().AddYears(1))
            .Build().Certificate;

    private X509Certificate2 Client(X509Certificate2 issuer, ECDsa issuerKey, string uri, TimeSpan lifetime)
    {
        var now = _time.GetUtcNow();
        using var client = TestCertificateBuilder.For("CN=local client")
            .KeyUsage(X509KeyUsageFlags.DigitalSignature).ExtendedKeyUsage(["1.3.6.1.5.5.7.3.2"]).SanUri(uri)
            .SubjectKeyIdentifier().AuthorityKeyIdentifier()
            .Valid(now.AddMinutes(-1), now + lifetime).IssuedBy(issuer, issuerKey)
            .Build();
        return client.PublicOnly();
    }
}
