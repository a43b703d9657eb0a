using CrossBorder.Contracts.V1;
using CrossBorder.Core.Errors;
using CrossBorder.Gateway.Tests.Infrastructure;
using Google.Protobuf;
using Grpc.Core;

namespace CrossBorder.Gateway.Tests.Transport;

/// <summary>
/// Both faces take their gRPC message limit from <c>MaxEnvelopeBytes</c> (plus framing), not
/// from gRPC's 4 MiB default. With an 8 MiB limit a 5 MiB request reaches the service, which
/// judges it (zeros are no envelope, and the submission has no purpose: INVALID_ARGUMENT with
/// MALFORMED), and a 9 MiB request is refused by the transport with RESOURCE_EXHAUSTED.
/// </summary>
[Collection(SharedFederation.Name)]
public sealed class MessageSizeLimitTests(FederationFixture federation)
{
    private const int MiB = 1024 * 1024;
    private const int EnvelopeLimit = 8 * MiB;

    [Theory]
    [InlineData(5, StatusCode.InvalidArgument)]
    [InlineData(9, StatusCode.ResourceExhausted)]
    public async Task Peer_face_message_limit_follows_MaxEnvelopeBytes(int mebibytes, StatusCode expected)
    {
        await using var gateway = await TestGateway.StartAsync(federation, "AL/NCP", o => o.MaxEnvelopeBytes = EnvelopeLimit);
        using var client = TestCertificates.FromFiles(
            federation.ParticipantFile("IT/NCP", "tls.crt"), federation.ParticipantFile("IT/NCP", "tls.key"), federation.ParticipantFile("IT/NCP", "chain.pem"));
        using var channel = RawChannels.Create(gateway.PeerAddress, client, gateway.Runtime.TlsCertificate);
        var request = new DeliverRequest { Envelope = ByteString.CopyFrom(new byte[mebibytes * MiB]) };

        var refused = await Assert.ThrowsAsync<RpcException>(async () =>
            await new PeerExchange.PeerExchangeClient(channel).DeliverAsync(request, deadline: RawChannels.Deadline()));

        AssertStatus(expected, refused);
        Assert.Equal(expected == StatusCode.InvalidArgument ? ReasonCode.Malformed : null, RefusalStatus.ReasonOf(refused));
        Assert.Empty(gateway.Log.WithEventId(GatewayEvents.PeerCertificateRefused));
        gateway.Log.AssertNoUnexpectedErrors();
    }

    /// <summary>
    /// WS-9-2: a message of exactly the envelope limit plus 64 KiB passes the transport (whose body
    /// also holds the 5-byte frame prefix) and is judged by the service: TOO_LARGE, not a bare error.
    /// </summary>
    [Fact]
    public async Task Peer_face_takes_a_message_of_exactly_the_envelope_limit_plus_64_KiB()
    {
        await using var gateway = await TestGateway.StartAsync(federation, "AL/NCP", o => o.MaxEnvelopeBytes = EnvelopeLimit);
        using var client = TestCertificates.FromFiles(
            federation.ParticipantFile("IT/NCP", "tls.crt"), federation.ParticipantFile("IT/NCP", "tls.key"), federation.ParticipantFile("IT/NCP", "chain.pem"));
        using var channel = RawChannels.Create(gateway.PeerAddress, client, gateway.Runtime.TlsCertificate);
        var request = new DeliverRequest { Envelope = ByteString.CopyFrom(new byte[EnvelopeLimit + (64 * 1024) - 5]) };
        Assert.Equal(EnvelopeLimit + (64 * 1024), request.CalculateSize());

        var refused = await Assert.ThrowsAsync<RpcException>(async () =>
            await new PeerExchange.PeerExchangeClient(channel).DeliverAsync(request, deadline: RawChannels.Deadline()));

        Assert.Equal(StatusCode.InvalidArgument, refused.StatusCode);
        Assert.Equal(ReasonCode.TooLarge, RefusalStatus.ReasonOf(refused));
        gateway.Log.AssertNoUnexpectedErrors();
    }

    [Theory]
    [InlineData(5, StatusCode.InvalidArgument)]
    [InlineData(9, StatusCode.ResourceExhausted)]
    public async Task Local_face_message_limit_follows_MaxEnvelopeBytes(int mebibytes, StatusCode expected)
    {
        await using var gateway = await TestGateway.StartAsync(federation, "AL/NCP", o => o.MaxEnvelopeBytes = EnvelopeLimit);
        using var client = TestCertificates.FromFiles(
            federation.ParticipantFile("AL/NCP", "clients", "case-worker", "client.crt"), federation.ParticipantFile("AL/NCP", "clients", "case-worker", "client.key"));
        using var channel = RawChannels.Create(gateway.LocalAddress, client, gateway.Runtime.LocalServerCertificate);
        var request = new SubmitRequest
        {
            Recipient = "IT/NCP",
            Payload = new CasePayload
            {
                IdentityConfirmationRequest = new IdentityConfirmationRequest { Photo = ByteString.CopyFrom(new byte[mebibytes * MiB]) },
            },
        };

        var refused = await Assert.ThrowsAsync<RpcException>(async () =>
            await new LocalExchange.LocalExchangeClient(channel).SubmitAsync(request, deadline: RawChannels.Deadline()));

        AssertStatus(expected, refused);
        Assert.Equal(expected == StatusCode.InvalidArgument ? ReasonCode.Malformed : null, RefusalStatus.ReasonOf(refused));
        Assert.Empty(gateway.Log.WithEventId(GatewayEvents.LocalCertificateRefused));
        gateway.Log.AssertNoUnexpectedErrors();
    }

    /// <summary>
    /// The transport refuses an oversize request as soon as its length prefix is read and resets the
    /// stream; a client still uploading the rest may see that reset (UNAVAILABLE) before the
    /// RESOURCE_EXHAUSTED trailers, depending on the load. Either way the request never reached the
    /// service: no reason code, which the service would have given.
    /// </summary>
    private static void AssertStatus(StatusCode expected, RpcException refused)
    {
        if (expected == StatusCode.ResourceExhausted)
        {
            Assert.Contains(refused.StatusCode, new[] { StatusCode.ResourceExhausted, StatusCode.Unavailable });
        }
        else
        {
            Assert.Equal(expected, refused.StatusCode);
        }
    }
}
