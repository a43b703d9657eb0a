using CrossBorder.Contracts.V1;
using CrossBorder.Core.Trust;
using CrossBorder.Gateway.Configuration;
using CrossBorder.Gateway.Hosting;
using CrossBorder.Gateway.Peers;
using CrossBorder.Gateway.Tests.Infrastructure;
using Grpc.Core;

namespace CrossBorder.Gateway.Tests.Peers;

/// <summary>Two dev participants ping each other over mutual TLS 1.3 and each verifies the other.</summary>
[Collection(SharedFederation.Name)]
public sealed class PeerPingTests(FederationFixture federation)
{
    private static readonly ParticipantId AlNcp = ParticipantId.Parse("AL/NCP");

    [Theory]
    [InlineData("IT/NCP")]
    [InlineData("GR/NCP")] // RSA encryption certificate; its TLS identity is EC like every participant's
    public async Task Ping_between_dev_participants_verifies_server_and_caller(string caller)
    {
        await using var gateway = await TestGateway.StartAsync(federation, "AL/NCP");
        var runtime = GatewayRuntimeLoader.Load(federation.ConfigPath(caller), TimeProvider.System, probePorts: false);

        var outcome = await PeerPinger.PingAsync(runtime, AlNcp, gateway.PeerAddress, TimeProvider.System, RawChannels.CallTimeout, CancellationToken.None);

        Assert.True(outcome.Succeeded, $"ping failed: {outcome}");
        Assert.Null(outcome.Failure);
        Assert.Null(outcome.Reason);
        Assert.NotNull(outcome.Server);
        Assert.Equal(ReasonCode.Unspecified, outcome.Server.Reason);
        Assert.Equal(AlNcp, outcome.Server.Participant);
        Assert.NotNull(outcome.Response);
        Assert.Equal(caller, outcome.Response.VerifiedCaller);
        Assert.Equal("AL/NCP", outcome.Response.Responder);

        var answered = await gateway.Log.WaitForAsync(GatewayEvents.PingAnswered);
        Assert.Contains(caller, answered.Message, StringComparison.Ordinal);
        Assert.Empty(gateway.Log.WithEventId(GatewayEvents.PeerCertificateRefused));
        gateway.Log.AssertNoUnexpectedErrors();
    }

    [Fact]
    public void A_peer_certificate_disposed_with_its_connection_does_not_break_the_next_handshake_s_expiry_record()
    {
        // TLS disposes a peer's certificate with its connection. The monitor once kept that
        // certificate and read it again at the peer's next handshake, which then failed until a restart.
        var runtime = GatewayRuntimeLoader.Load(federation.ConfigPath("AL/NCP"), TimeProvider.System, probePorts: false);
        var monitor = new CertificateExpiryMonitor(runtime.Participant, runtime.TlsCertificate, runtime.LocalServerCertificate, runtime.KeyRings, TestMetrics.Create(), TimeProvider.System);
        var tls = Path.Combine(federation.Layout.ParticipantDirectory(ParticipantId.Parse("IT/NCP")), "tls.crt");
        var first = CrossBorder.Core.Certificates.CertificateFiles.LoadCertificate(tls);
        monitor.RecordPeer(ParticipantId.Parse("IT/NCP"), "tls", first);
        first.Dispose();

        using var second = CrossBorder.Core.Certificates.CertificateFiles.LoadCertificate(tls);
        monitor.RecordPeer(ParticipantId.Parse("IT/NCP"), "tls", second);

        Assert.Contains(monitor.Report(), e => e.Owner == "peer" && e.Participant == "IT/NCP" && e.Use == "tls" && e.Days > 0);
    }

    [Fact]
    public async Task Ping_refuses_a_server_that_is_not_the_dialled_participant_as_NOT_AUTHORIZED()
    {
        await using var gateway = await TestGateway.StartAsync(federation, "AL/NCP");
        var runtime = GatewayRuntimeLoader.Load(federation.ConfigPath("IT/NCP"), TimeProvider.System, probePorts: false);

        // Dial AL/NCP's address while expecting AL/POLICE: the server proves to be someone else.
        var outcome = await PeerPinger.PingAsync(runtime, ParticipantId.Parse("AL/POLICE"), gateway.PeerAddress, TimeProvider.System,
            RawChannels.CallTimeout, CancellationToken.None);

        Assert.False(outcome.Succeeded);
        Assert.Null(outcome.Response);
        // The client aborts its own handshake; how gRPC words that (INTERNAL today) is not the point.
        Assert.NotNull(outcome.Failure);
        Assert.NotEqual(StatusCode.OK, outcome.Failure);
        Assert.NotNull(outcome.Server);
        Assert.Equal(ReasonCode.NotAuthorized, outcome.Server.Reason);
        Assert.Equal(AlNcp, outcome.Server.Participant);
        Assert.Empty(gateway.Log.WithEventId(GatewayEvents.PingAnswered));
        gateway.Log.AssertNoUnexpectedErrors();
    }
}
