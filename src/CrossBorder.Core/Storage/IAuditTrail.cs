using CrossBorder.Contracts.V1;
using CrossBorder.Core.Delivery.States;

namespace CrossBorder.Core.Storage;

/// <summary>
/// The hash-chained audit trail: entries hold ids, states, codes and digests, never a payload value.
/// State changes of the outbox and inbox append their own entries, in the transaction of the change
/// (see <see cref="IMessageStore"/>); this is what is read and verified, and the evidence of refusals
/// that never reached either box.
/// </summary>
public interface IAuditTrail
{
    /// <summary>Records a refused inbound message in the audit trail (REJECTED with its code); nothing reaches the inbox.</summary>
    Task RecordInboundRejectionAsync(string sender, string messageId, byte[] sealedSha256, ReasonCode reason, DateTimeOffset at, CancellationToken cancellationToken);

    /// <summary>
    /// Records the refusals of one peer's window that were counted rather than audited one by one:
    /// one <see cref="AuditState.Refusals"/> entry per reason code (direction IN, no message id,
    /// the count in <see cref="AuditEntry.Attempt"/>, <paramref name="windowEnd"/> as its time), in one transaction.
    /// </summary>
    Task RecordRefusalsAsync(string peer, IReadOnlyDictionary<ReasonCode, int> counts, DateTimeOffset windowEnd, CancellationToken cancellationToken);

    /// <summary>The audit entries about one message id, in order (both directions).</summary>
    Task<IReadOnlyList<AuditEntry>> TrailAsync(string messageId, CancellationToken cancellationToken);

    /// <summary>
    /// Recomputes the audit hash chain from the first entry; the first broken entry if any. The chain
    /// alone cannot show a cut tail or a consistent rewrite: <see cref="AuditVerifier"/> adds the signed checkpoints.
    /// </summary>
    Task<AuditVerification> VerifyAuditAsync(CancellationToken cancellationToken);
}
