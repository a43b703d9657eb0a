using System.Net;
using CrossBorder.Contracts.V1;
using CrossBorder.Gateway.Tests.Infrastructure;
using Grpc.Core;
using Grpc.Health.V1;
using static Grpc.Health.V1.HealthCheckResponse.Types;

namespace CrossBorder.Gateway.Tests.Monitoring;

/// <summary>
/// A healthy gateway says SERVING everywhere: the gRPC health service of the peer face (to a
/// participant, over mutual TLS), of the local face (to a local client) and of the operations
/// face (anonymous), and <c>/healthz</c> (anonymous plain text).
/// </summary>
[Collection(SharedFederation.Name)]
public sealed class HealthServingTests(FederationFixture federation)
{
    [Fact]
    public async Task Every_face_answers_SERVING_and_healthz_says_so_in_plain_text()
    {
        await using var gateway = await TestGateway.StartAsync(federation, "AL/NCP");
        using var peer = TestCertificates.FromFiles(
            federation.ParticipantFile("IT/NCP", "tls.crt"), federation.ParticipantFile("IT/NCP", "tls.key"), federation.ParticipantFile("IT/NCP", "chain.pem"));
        using var local = TestCertificates.FromFiles(
            federation.ParticipantFile("AL/NCP", "clients", "case-worker", "client.crt"), federation.ParticipantFile("AL/NCP", "clients", "case-worker", "client.key"));

        Assert.Equal(ServingStatus.Serving, await HealthProbe.CheckAsync(gateway.PeerAddress, peer, gateway.Runtime.TlsCertificate));
        Assert.Equal(ServingStatus.Serving, await HealthProbe.CheckAsync(gateway.PeerAddress, peer, gateway.Runtime.TlsCertificate, PeerExchange.Descriptor.FullName));
        Assert.Equal(ServingStatus.Serving, await HealthProbe.CheckAsync(gateway.LocalAddress, local, gateway.Runtime.LocalServerCertificate));
        Assert.Equal(ServingStatus.Serving, await HealthProbe.CheckAsync(gateway.LocalAddress, local, gateway.Runtime.LocalServerCertificate, LocalExchange.Descriptor.FullName));
        Assert.Equal(ServingStatus.Serving, await HealthProbe.CheckOpsAsync(gateway.OpsAddress, gateway.Runtime.LocalServerCertificate));

        var (status, body, type) = await HealthProbe.HealthzAsync(gateway.OpsAddress, gateway.Runtime.LocalServerCertificate);
        Assert.Equal(HttpStatusCode.OK, status);
        Assert.Equal("SERVING\n", body);
        Assert.StartsWith("text/plain", type, StringComparison.Ordinal);
        gateway.Log.AssertNoUnexpectedErrors();
    }

    [Fact]
    public async Task A_service_the_face_does_not_serve_is_NOT_FOUND_and_the_other_faces_service_too()
    {
        await using var gateway = await TestGateway.StartAsync(federation, "AL/NCP");
        using var peer = TestCertificates.FromFiles(
            federation.ParticipantFile("IT/NCP", "tls.crt"), federation.ParticipantFile("IT/NCP", "tls.key"), federation.ParticipantFile("IT/NCP", "chain.pem"));

        var error = await Assert.ThrowsAsync<RpcException>(() =>
            HealthProbe.CheckAsync(gateway.PeerAddress, peer, gateway.Runtime.TlsCertificate, LocalExchange.Descriptor.FullName));

        Assert.Equal(StatusCode.NotFound, error.StatusCode);
    }

    [Fact]
    public async Task A_health_request_with_a_field_the_protocol_does_not_define_is_refused_UNKNOWN_FIELD()
    {
        await using var gateway = await TestGateway.StartAsync(federation, "AL/NCP");
        using var local = TestCertificates.FromFiles(
            federation.ParticipantFile("AL/NCP", "clients", "case-worker", "client.crt"), federation.ParticipantFile("AL/NCP", "clients", "case-worker", "client.key"));
        using var channel = RawChannels.Create(gateway.LocalAddress, local, gateway.Runtime.LocalServerCertificate);

        var (reason, _) = await Exchanges.RefusalAsync(() => new Health.HealthClient(channel)
            .CheckAsync(Exchanges.WithUnknownField(new HealthCheckRequest()), deadline: RawChannels.Deadline()).ResponseAsync);

        Assert.Equal(ReasonCode.UnknownField, reason);
    }
}
