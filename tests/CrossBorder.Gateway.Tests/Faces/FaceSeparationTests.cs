using CrossBorder.Contracts.V1;
using CrossBorder.Core.Errors;
using CrossBorder.Gateway.Tests.Infrastructure;
using Grpc.Core;

namespace CrossBorder.Gateway.Tests.Faces;

/// <summary>
/// The two faces accept disjoint sets of certificates: the peer face only participants of the
/// trust list, the local face only clients of this gateway's own local CA with a configured
/// role. A refusal on the local face is logged as event 1102.
/// </summary>
[Collection(SharedFederation.Name)]
public sealed class FaceSeparationTests(FederationFixture federation)
{
    [Fact]
    public async Task Local_face_answers_WhoAmI_for_the_case_worker_with_participant_and_role()
    {
        await using var gateway = await TestGateway.StartAsync(federation, "AL/NCP");
        using var client = LocalClient("AL/NCP", "case-worker");
        using var channel = RawChannels.Create(gateway.LocalAddress, client, gateway.Runtime.LocalServerCertificate);

        var answer = await new LocalExchange.LocalExchangeClient(channel).WhoAmIAsync(new WhoAmIRequest(), deadline: RawChannels.Deadline());

        Assert.Equal("AL/NCP", answer.Participant);
        Assert.Equal("case-worker", answer.LocalRole);
        Assert.Contains(MessageType.CaseReferral, answer.MaySubmit);
        Assert.DoesNotContain(MessageType.ChildProtectionExchange, answer.MaySubmit);
        Assert.Empty(gateway.Log.WithEventId(GatewayEvents.LocalCertificateRefused));
        gateway.Log.AssertNoUnexpectedErrors();
    }

    [Fact]
    public async Task Peer_face_refuses_a_local_client_certificate_as_NOT_AUTHORIZED()
    {
        await using var gateway = await TestGateway.StartAsync(federation, "AL/NCP");
        using var client = LocalClient("AL/NCP", "case-worker");
        using var channel = RawChannels.Create(gateway.PeerAddress, client, gateway.Runtime.TlsCertificate);

        var refused = await Assert.ThrowsAsync<RpcException>(async () =>
            await new PeerExchange.PeerExchangeClient(channel).PingAsync(new PingRequest(), deadline: RawChannels.Deadline()));

        var logged = await gateway.Log.WaitForAsync(GatewayEvents.PeerCertificateRefused);
        Assert.Contains($": {ReasonCode.NotAuthorized.Name()}: ", logged.Message, StringComparison.Ordinal);
        Assert.Contains("claims none", logged.Message, StringComparison.Ordinal);
        TransportRefusal.AssertNoAnswerAndNoReason(refused, ReasonCode.NotAuthorized);
        Assert.Empty(gateway.Log.WithEventId(GatewayEvents.PingAnswered));
        gateway.Log.AssertNoUnexpectedErrors();
    }

    [Theory]
    [InlineData("IT/NCP")]
    [InlineData("AL/NCP")] // even the gateway's own peer identity is no local client
    public async Task Local_face_refuses_a_participant_TLS_certificate_as_UNTRUSTED(string participant)
    {
        await using var gateway = await TestGateway.StartAsync(federation, "AL/NCP");
        using var client = TestCertificates.FromFiles(
            federation.ParticipantFile(participant, "tls.crt"), federation.ParticipantFile(participant, "tls.key"), federation.ParticipantFile(participant, "chain.pem"));

        await AssertLocalRefusedAsync(gateway, client, ReasonCode.Untrusted);
    }

    [Fact]
    public async Task Local_face_refuses_a_local_client_of_another_gateway_as_UNTRUSTED()
    {
        await using var gateway = await TestGateway.StartAsync(federation, "AL/NCP");
        using var client = LocalClient("IT/NCP", "case-worker");

        await AssertLocalRefusedAsync(gateway, client, ReasonCode.Untrusted);
    }

    [Theory]
    [InlineData("urn:crossborder:local:AL/NCP:intruder")] // a role this gateway does not configure
    [InlineData("urn:crossborder:local:IT/NCP:case-worker")] // another participant's client
    [InlineData("urn:crossborder:participant:AL/NCP")] // a participant name, not a local client
    public async Task Local_face_refuses_a_certificate_of_its_own_local_CA_not_naming_a_configured_client_as_NOT_AUTHORIZED(string uri)
    {
        await using var gateway = await TestGateway.StartAsync(federation, "AL/NCP");
        using var client = TestCertificates.LocalClient(
            federation.ParticipantFile("AL/NCP", "local", "ca.crt"), federation.ParticipantFile("AL/NCP", "local", "ca.key"), uri);

        await AssertLocalRefusedAsync(gateway, client, ReasonCode.NotAuthorized);
    }

    [Fact]
    public async Task Local_face_accepts_a_fresh_certificate_of_its_own_local_CA_naming_a_configured_role()
    {
        // The control for the refusals above: the same issuing path with a configured role is answered.
        await using var gateway = await TestGateway.StartAsync(federation, "AL/NCP");
        using var client = TestCertificates.LocalClient(
            federation.ParticipantFile("AL/NCP", "local", "ca.crt"), federation.ParticipantFile("AL/NCP", "local", "ca.key"),
            "urn:crossborder:local:AL/NCP:child-protection");
        using var channel = RawChannels.Create(gateway.LocalAddress, client, gateway.Runtime.LocalServerCertificate);

        var answer = await new LocalExchange.LocalExchangeClient(channel).WhoAmIAsync(new WhoAmIRequest(), deadline: RawChannels.Deadline());

        Assert.Equal("child-protection", answer.LocalRole);
        Assert.Equal([MessageType.ChildProtectionExchange, MessageType.CorrectionOrWithdrawalNotice], answer.MaySubmit.Order());
        gateway.Log.AssertNoUnexpectedErrors();
    }

    [Fact]
    public async Task A_withdrawn_local_client_certificate_is_refused_with_REVOKED_while_the_other_roles_keep_working()
    {
        using var withdrawn = LocalClient("AL/NCP", "case-worker");
        using var colleague = LocalClient("AL/NCP", "child-protection");
        var fingerprint = Convert.ToHexString(System.Security.Cryptography.SHA256.HashData(withdrawn.Certificate.RawData)).ToLowerInvariant();
        await using var gateway = await TestGateway.StartAsync(federation, "AL/NCP", o => o.RevokedLocalClients = [fingerprint]);

        await AssertLocalRefusedAsync(gateway, withdrawn, ReasonCode.Revoked);
        using var channel = RawChannels.Create(gateway.LocalAddress, colleague, gateway.Runtime.LocalServerCertificate);
        var answer = await new LocalExchange.LocalExchangeClient(channel).WhoAmIAsync(new WhoAmIRequest(), deadline: RawChannels.Deadline());
        Assert.Equal("child-protection", answer.LocalRole);
    }

    private ClientIdentity LocalClient(string participant, string role) => TestCertificates.FromFiles(
        federation.ParticipantFile(participant, "clients", role, "client.crt"), federation.ParticipantFile(participant, "clients", role, "client.key"));

    private static async Task AssertLocalRefusedAsync(TestGateway gateway, ClientIdentity client, ReasonCode expected)
    {
        using var channel = RawChannels.Create(gateway.LocalAddress, client, gateway.Runtime.LocalServerCertificate);

        var refused = await Assert.ThrowsAsync<RpcException>(async () =>
            await new LocalExchange.LocalExchangeClient(channel).WhoAmIAsync(new WhoAmIRequest(), deadline: RawChannels.Deadline()));

        var logged = await gateway.Log.WaitForAsync(GatewayEvents.LocalCertificateRefused);
        Assert.Contains($": {expected.Name()}: ", logged.Message, StringComparison.Ordinal);
        Assert.Contains(client.Certificate.Thumbprint, logged.Message, StringComparison.Ordinal);
        TransportRefusal.AssertNoAnswerAndNoReason(refused, expected);
        Assert.Empty(gateway.Log.WithEventId(GatewayEvents.PeerCertificateRefused));
        gateway.Log.AssertNoUnexpectedErrors();
    }
}
