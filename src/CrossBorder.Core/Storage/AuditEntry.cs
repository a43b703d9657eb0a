using CrossBorder.Contracts.V1;

namespace CrossBorder.Core.Storage;

/// <summary>One audit entry: ids, states, codes and digests only.</summary>
/// <param name="Sequence">Position in the chain, from 1.</param>
/// <param name="At">When.</param>
/// <param name="MessageId">The message it is about.</param>
/// <param name="Direction"><c>OUT</c> (we send) or <c>IN</c> (we receive).</param>
/// <param name="Peer">The other participant.</param>
/// <param name="State">SUBMITTED, QUEUED, SENDING, RETRY_WAIT, DELIVERED, REJECTED, FAILED, RECEIVED, OFFERED, ACKNOWLEDGED, PURGED, QUARANTINED, REFUSALS.</param>
/// <param name="Reason">The reason code (UNSPECIFIED when none).</param>
/// <param name="Attempt">Attempt number for SENDING, RETRY_WAIT and the final states of the outbox; the count for REFUSALS.</param>
/// <param name="SealedSha256">SHA-256 of the sealed bytes it is about.</param>
/// <param name="PreviousHash">The previous entry's hash (32 zero bytes for the first).</param>
/// <param name="Hash">SHA-256 over the previous hash and this entry's fields.</param>
public sealed record AuditEntry(
    long Sequence,
    DateTimeOffset At,
    string MessageId,
    string Direction,
    string Peer,
    string State,
    ReasonCode Reason,
    int Attempt,
    byte[] SealedSha256,
    byte[] PreviousHash,
    byte[] Hash);
