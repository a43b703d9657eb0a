using CrossBorder.Contracts.V1;
using CrossBorder.Core.Errors;
using CrossBorder.Gateway.Tests.Infrastructure;
using Grpc.Core;

namespace CrossBorder.Gateway.Tests.Transport;

/// <summary>
/// The Kestrel limits of the gateway config apply to the faces: with <c>Limits.MaxConnections</c>
/// 1 a second connection is closed at once while the first one is still served.
/// </summary>
[Collection(SharedFederation.Name)]
public sealed class KestrelLimitTests(FederationFixture federation)
{
    [Fact]
    public async Task A_connection_over_MaxConnections_is_refused_while_the_first_is_served()
    {
        await using var gateway = await TestGateway.StartAsync(federation, "AL/NCP", o => o.Limits.MaxConnections = 1);
        using var client = TestCertificates.FromFiles(
            federation.ParticipantFile("IT/NCP", "tls.crt"), federation.ParticipantFile("IT/NCP", "tls.key"), federation.ParticipantFile("IT/NCP", "chain.pem"));
        using var first = RawChannels.Create(gateway.PeerAddress, client, gateway.Runtime.TlsCertificate);
        using var second = RawChannels.Create(gateway.PeerAddress, client, gateway.Runtime.TlsCertificate);
        var firstClient = new PeerExchange.PeerExchangeClient(first);

        var before = await firstClient.PingAsync(new PingRequest(), deadline: RawChannels.Deadline());
        var refused = await Assert.ThrowsAsync<RpcException>(async () =>
            await new PeerExchange.PeerExchangeClient(second).PingAsync(new PingRequest(), deadline: RawChannels.Deadline()));
        var after = await firstClient.PingAsync(new PingRequest(), deadline: RawChannels.Deadline());

        Assert.Equal("IT/NCP", before.VerifiedCaller);
        Assert.Equal(StatusCode.Unavailable, refused.StatusCode);
        Assert.Null(RefusalStatus.ReasonOf(refused));
        Assert.Equal("IT/NCP", after.VerifiedCaller);
    }

    [Fact]
    public async Task The_configured_limits_are_what_each_face_s_Kestrel_limits_are_set_to()
    {
        await using var gateway = await TestGateway.StartAsync(federation, "AL/NCP", o =>
        {
            o.Limits.MaxStreamsPerConnection = 7;
            o.Limits.MaxRequestHeadersBytes = 9000;
            o.Limits.KeepAliveTimeoutSeconds = 42;
            o.Limits.MinDataRateBytesPerSecond = 2048;
        });
        var limits = new Microsoft.AspNetCore.Server.Kestrel.Core.KestrelServerLimits();

        CrossBorder.Gateway.Hosting.KestrelLimits.Apply(limits, gateway.Runtime.Limits);

        Assert.Equal(7, limits.Http2.MaxStreamsPerConnection);
        Assert.Equal(9000, limits.MaxRequestHeadersTotalSize);
        Assert.Equal(9000, limits.Http2.MaxRequestHeaderFieldSize);
        Assert.Equal(TimeSpan.FromSeconds(42), limits.KeepAliveTimeout);
        Assert.Equal(2048, limits.MinRequestBodyDataRate!.BytesPerSecond);
        Assert.Equal(0, limits.MaxConcurrentUpgradedConnections);
    }
}
