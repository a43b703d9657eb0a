using CrossBorder.Core.Trust;
using Grpc.Core;

namespace CrossBorder.Gateway.Security;

/// <summary>Where the authorization interceptors leave the verified caller for the services.</summary>
internal static class CallerIdentity
{
    private const string PeerKey = "crossborder.peer";
    private const string LocalKey = "crossborder.local";

    public static void SetPeer(ServerCallContext context, ParticipantId peer) => context.UserState[PeerKey] = peer;

    public static void SetLocal(ServerCallContext context, LocalClientId client) => context.UserState[LocalKey] = client;

    /// <summary>The verified peer; the interceptor guarantees one on the peer face.</summary>
    public static ParticipantId Peer(ServerCallContext context) =>
        context.UserState.TryGetValue(PeerKey, out var value) && value is ParticipantId id
            ? id
            : throw new InvalidOperationException("peer call without a verified caller");

    /// <summary>The verified local client; the interceptor guarantees one on the local face.</summary>
    public static LocalClientId Local(ServerCallContext context) =>
        context.UserState.TryGetValue(LocalKey, out var value) && value is LocalClientId id
            ? id
            : throw new InvalidOperationException("local call without a verified caller");
}
