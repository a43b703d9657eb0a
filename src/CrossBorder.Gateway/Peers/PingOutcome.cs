using CrossBorder.Contracts.V1;
using CrossBorder.Core.Trust;
using Grpc.Core;

namespace CrossBorder.Gateway.Peers;

/// <summary>What a ping established: the server's verified identity and the caller identity the server verified, or why not.</summary>
internal sealed record PingOutcome(PeerValidation? Server, PingResponse? Response, StatusCode? Failure, ReasonCode? Reason)
{
    public bool Succeeded => Response is not null && Server is { IsAccepted: true };
}
