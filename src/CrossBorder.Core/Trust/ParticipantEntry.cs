using System.Collections.Frozen;
using System.Security.Cryptography.X509Certificates;
using CrossBorder.Contracts.V1;

namespace CrossBorder.Core.Trust;

/// <summary>A participant as the trust list describes it.</summary>
/// <param name="Id">Its id.</param>
/// <param name="Roles">Its roles in the federation.</param>
/// <param name="PeerEndpoints">Where its peer face listens: one or more endpoints of the same participant (replicas), the list's <c>peer_endpoint</c> first.</param>
/// <param name="MaySend">Message types it may send.</param>
/// <param name="MayReceive">Message types it may receive.</param>
/// <param name="EncryptionCertificates">Its message encryption certificates, not yet validated: senders validate each before sealing to it.</param>
public sealed record ParticipantEntry(
    ParticipantId Id,
    FrozenSet<ParticipantRole> Roles,
    IReadOnlyList<Uri> PeerEndpoints,
    FrozenSet<MessageType> MaySend,
    FrozenSet<MessageType> MayReceive,
    IReadOnlyList<X509Certificate2> EncryptionCertificates)
{
    /// <summary>The first endpoint (the list's <c>peer_endpoint</c>), for callers that dial one: a ping, a handshake check.</summary>
    public Uri PeerEndpoint => PeerEndpoints[0];
}
