namespace CrossBorder.Core.Storage;

/// <summary>
/// The signed checkpoints of the audit chain (<see cref="AuditCheckpoint"/>), kept append-only in
/// the same database as the chain, and the two reads of the chain they need. Every store implements
/// it with <see cref="IAuditTrail"/> (see <see cref="IMessageStore"/>); <see cref="AuditVerifier"/>
/// checks the chain against them.
/// </summary>
public interface IAuditCheckpoints
{
    /// <summary>The chain's last entry; sequence 0 and <see cref="AuditChain.Genesis"/> when there is none.</summary>
    Task<AuditHead> HeadAsync(CancellationToken cancellationToken);

    /// <summary>The stored hash of the entry at <paramref name="sequence"/>; null when there is no such entry.</summary>
    Task<byte[]?> HashAtAsync(long sequence, CancellationToken cancellationToken);

    /// <summary>
    /// Stores a checkpoint (its signature is the caller's; the store does not check it). It must name
    /// an entry of the chain with that entry's hash, past the last checkpoint stored; otherwise
    /// <see cref="InvalidOperationException"/> and nothing is stored.
    /// </summary>
    Task AppendCheckpointAsync(AuditCheckpoint checkpoint, CancellationToken cancellationToken);

    /// <summary>The stored checkpoints, newest (highest sequence) first, at most <paramref name="max"/>.</summary>
    Task<IReadOnlyList<AuditCheckpoint>> CheckpointsAsync(int max, CancellationToken cancellationToken);
}
