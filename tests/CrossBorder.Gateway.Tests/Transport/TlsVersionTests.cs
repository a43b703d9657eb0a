using System.Security.Authentication;
using CrossBorder.Contracts.V1;
using CrossBorder.Gateway.Tests.Infrastructure;
using Grpc.Core;

namespace CrossBorder.Gateway.Tests.Transport;

/// <summary>Both faces speak TLS 1.3 only: a TLS 1.2 client with a good certificate gets no answer.</summary>
[Collection(SharedFederation.Name)]
public sealed class TlsVersionTests(FederationFixture federation)
{
    [Fact]
    public async Task Peer_face_refuses_TLS_1_2_from_a_valid_participant()
    {
        await using var gateway = await TestGateway.StartAsync(federation, "AL/NCP");
        using var client = TestCertificates.FromFiles(
            federation.ParticipantFile("IT/NCP", "tls.crt"), federation.ParticipantFile("IT/NCP", "tls.key"), federation.ParticipantFile("IT/NCP", "chain.pem"));

        var failure = await CallFailureAsync(() => PingAsync(gateway, client, SslProtocols.Tls12));
        var control = await PingAsync(gateway, client, SslProtocols.Tls13);

        Assert.NotEqual(StatusCode.OK, failure);
        Assert.Equal("IT/NCP", control.VerifiedCaller);
        Assert.Single(gateway.Log.WithEventId(GatewayEvents.PingAnswered));
        gateway.Log.AssertNoUnexpectedErrors();
    }

    [Fact]
    public async Task Local_face_refuses_TLS_1_2_from_a_valid_local_client()
    {
        await using var gateway = await TestGateway.StartAsync(federation, "AL/NCP");
        using var client = TestCertificates.FromFiles(
            federation.ParticipantFile("AL/NCP", "clients", "case-worker", "client.crt"), federation.ParticipantFile("AL/NCP", "clients", "case-worker", "client.key"));

        var failure = await CallFailureAsync(() => WhoAmIAsync(gateway, client, SslProtocols.Tls12));
        var control = await WhoAmIAsync(gateway, client, SslProtocols.Tls13);

        Assert.NotEqual(StatusCode.OK, failure);
        Assert.Equal("case-worker", control.LocalRole);
        gateway.Log.AssertNoUnexpectedErrors();
    }

    private static async Task<PingResponse> PingAsync(TestGateway gateway, ClientIdentity client, SslProtocols protocols)
    {
        using var channel = RawChannels.Create(gateway.PeerAddress, client, gateway.Runtime.TlsCertificate, protocols);
        return await new PeerExchange.PeerExchangeClient(channel).PingAsync(new PingRequest(), deadline: RawChannels.Deadline());
    }

    private static async Task<WhoAmIResponse> WhoAmIAsync(TestGateway gateway, ClientIdentity client, SslProtocols protocols)
    {
        using var channel = RawChannels.Create(gateway.LocalAddress, client, gateway.Runtime.LocalServerCertificate, protocols);
        return await new LocalExchange.LocalExchangeClient(channel).WhoAmIAsync(new WhoAmIRequest(), deadline: RawChannels.Deadline());
    }

    /// <summary>The status of a call that must fail; an HTTP-level failure counts as UNAVAILABLE.</summary>
    private static async Task<StatusCode> CallFailureAsync(Func<Task> call)
    {
        var failure = await Record.ExceptionAsync(call);
        return failure switch
        {
            RpcException rpc => rpc.StatusCode,
            HttpRequestException => StatusCode.Unavailable,
            null => StatusCode.OK,
            _ => throw new Xunit.Sdk.XunitException($"unexpected failure {failure.GetType().Name}: {failure.Message}"),
        };
    }
}
