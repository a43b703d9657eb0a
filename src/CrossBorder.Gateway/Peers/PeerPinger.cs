using CrossBorder.Contracts.V1;
using CrossBorder.Core.Errors;
using CrossBorder.Core.Trust;
using CrossBorder.Gateway.Configuration;
using Grpc.Core;

namespace CrossBorder.Gateway.Peers;

/// <summary>
/// Pings another participant's peer face with this gateway's TLS identity: both sides verify
/// each other, and each side's verdict is reported.
/// </summary>
internal static class PeerPinger
{
    public static async Task<PingOutcome> PingAsync(
        GatewayRuntime runtime, ParticipantId peer, Uri? address, TimeProvider time, TimeSpan timeout, CancellationToken cancellationToken)
    {
        var entry = runtime.TrustManager.RequireUsable().Find(peer)
            ?? throw Reject.Because(ReasonCode.NotFound, $"participant {peer} is not in the trust list");
        var validator = new PeerCertificateValidator(() => runtime.Trust, time, runtime.Revocation, runtime.FetchedCrls);
        var server = new ServerIdentity();
        using var channel = PeerChannels.Create(address ?? entry.PeerEndpoint, peer, runtime.TlsCertificate, runtime.TlsChain,
            validator, runtime.MaxEnvelopeBytes, server);
        var client = new PeerExchange.PeerExchangeClient(channel);
        using var timer = new CancellationTokenSource(timeout, time);
        using var limit = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken, timer.Token);
        try
        {
            var response = await client.PingAsync(new PingRequest(), cancellationToken: limit.Token).ConfigureAwait(false);
            return new PingOutcome(server.Last, response, null, null);
        }
        catch (RpcException ex)
        {
            return new PingOutcome(server.Last, null, ex.StatusCode, RefusalStatus.ReasonOf(ex));
        }
    }
}
