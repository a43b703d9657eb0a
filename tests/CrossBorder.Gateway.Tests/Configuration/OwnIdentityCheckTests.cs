using CrossBorder.Core.Trust;
using CrossBorder.Gateway.Configuration;
using CrossBorder.Gateway.Configuration.Validation;
using CrossBorder.Gateway.Tests.Infrastructure;
using CertificateFiles = CrossBorder.Core.Certificates.CertificateFiles;

namespace CrossBorder.Gateway.Tests.Configuration;

/// <summary>Who the gateway says it is: a well-formed participant id, in the trust list, with a TLS certificate that is that participant's.</summary>
[Collection(SharedFederation.Name)]
public sealed class OwnIdentityCheckTests(FederationFixture federation)
{
    private readonly OptionProblems _problems = new();

    [Theory]
    [InlineData("", "Participant is required")]
    [InlineData("albania-ncp", "Participant 'albania-ncp' must look like AL/NCP")]
    public void A_missing_or_malformed_participant_is_reported(string participant, string problem)
    {
        Assert.Null(OwnIdentityCheck.Participant(new GatewayOptions { Participant = participant }, _problems));

        Assert.Equal([problem], _problems.All);
    }

    [Fact]
    public void A_participant_the_trust_list_does_not_list_is_reported()
    {
        OwnIdentityCheck.Check(Trust(), ParticipantId.Parse("XX/NOBODY"), null, null, TimeProvider.System, _problems);

        Assert.Equal(["Participant: XX/NOBODY is not in the trust list"], _problems.All);
    }

    [Fact]
    public void Another_participant_s_tls_certificate_is_refused_for_both_directions()
    {
        using var italian = CertificateFiles.LoadCertificateWithKey(federation.ParticipantFile("IT/NCP", "tls.crt"), federation.ParticipantFile("IT/NCP", "tls.key"));
        var chain = CertificateFiles.LoadCertificates(federation.ParticipantFile("IT/NCP", "chain.pem"));

        OwnIdentityCheck.Check(Trust(), ParticipantId.Parse("AL/NCP"), italian, chain, TimeProvider.System, _problems);

        Assert.Equal(2, _problems.All.Count);
        Assert.StartsWith("Tls: the certificate is not a valid TlsServer certificate of AL/NCP under the trust list: ", _problems.All[0], StringComparison.Ordinal);
        Assert.StartsWith("Tls: the certificate is not a valid TlsClient certificate of AL/NCP under the trust list: ", _problems.All[1], StringComparison.Ordinal);
    }

    [Fact]
    public void The_participant_s_own_tls_certificate_passes()
    {
        using var own = CertificateFiles.LoadCertificateWithKey(federation.ParticipantFile("AL/NCP", "tls.crt"), federation.ParticipantFile("AL/NCP", "tls.key"));
        var chain = CertificateFiles.LoadCertificates(federation.ParticipantFile("AL/NCP", "chain.pem"));

        OwnIdentityCheck.Check(Trust(), ParticipantId.Parse("AL/NCP"), own, chain, TimeProvider.System, _problems);

        Assert.Empty(_problems.All);
    }

    private TrustListSnapshot Trust()
    {
        using var pinned = CertificateFiles.LoadCertificate(federation.Layout.OperatorCertificate);
        return TrustListCodec.Open(File.ReadAllBytes(federation.Layout.TrustList), pinned);
    }
}
