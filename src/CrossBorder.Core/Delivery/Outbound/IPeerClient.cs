using CrossBorder.Core.Trust;

namespace CrossBorder.Core.Delivery.Outbound;

/// <summary>
/// The seam between a delivery attempt and the wire: sends sealed bytes to a recipient's peer
/// endpoint and answers what the peer said. The gateway's implementation speaks gRPC over mutual
/// TLS; a unit test answers whatever it needs.
/// </summary>
public interface IPeerClient
{
    /// <summary>
    /// Sends <paramref name="envelope"/> to <paramref name="recipient"/> at one of its
    /// <paramref name="endpoints"/> (the trust list's, all replicas of the same participant: the
    /// client spreads calls over them and skips those that do not answer) within <paramref name="timeout"/>. Answers the peer's signed receipt bytes (not yet verified), or
    /// a refusal: the peer's reason code, TOO_LARGE when the peer's message limit is smaller than the
    /// envelope, UNAVAILABLE when the call failed without a reason. Throws only when
    /// <paramref name="stopping"/> is cancelled.
    /// </summary>
    Task<Outcome<byte[]>> DeliverAsync(ParticipantId recipient, IReadOnlyList<Uri> endpoints, ReadOnlyMemory<byte> envelope, string? traceParent, TimeSpan timeout, CancellationToken stopping);
}
