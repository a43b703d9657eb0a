namespace CrossBorder.Core.Storage;

/// <summary>
/// A store that several gateway processes share (the replicas of one participant) tells each of
/// them when any of them commits an inbound message, so that an inbox reader waiting on one replica
/// wakes for a message another replica received. A store owned by one process has no need of it.
/// </summary>
public interface IInboundCommitFeed
{
    /// <summary>Raised after an inbound message is committed by any process of the store; may be raised when nothing arrived (readers look again).</summary>
    event Action? InboundCommitted;
}
