using CrossBorder.Contracts.V1;
using CrossBorder.Core.Delivery.States;

namespace CrossBorder.Core.Storage;

/// <summary>One audit entry: ids, states, codes and digests only.</summary>
/// <param name="Sequence">Position in the chain, from 1.</param>
/// <param name="At">When.</param>
/// <param name="MessageId">The message it is about.</param>
/// <param name="Direction">Out (we send) or In (we receive).</param>
/// <param name="Peer">The other participant.</param>
/// <param name="State">The state recorded: an outbox or inbox state, or SUBMITTED, an inbound REJECTED, REFUSALS (see <see cref="AuditState"/>).</param>
/// <param name="Reason">The reason code (UNSPECIFIED when none).</param>
/// <param name="Attempt">Attempt number for SENDING, RETRY_WAIT and the final states of the outbox; the count for REFUSALS.</param>
/// <param name="SealedSha256">SHA-256 of the sealed bytes it is about.</param>
/// <param name="PreviousHash">The previous entry's hash (32 zero bytes for the first).</param>
/// <param name="Hash">SHA-256 over the previous hash and this entry's fields.</param>
public sealed record AuditEntry(
    long Sequence,
    DateTimeOffset At,
    string MessageId,
    AuditDirection Direction,
    string Peer,
    AuditState State,
    ReasonCode Reason,
    int Attempt,
    byte[] SealedSha256,
    byte[] PreviousHash,
    byte[] Hash);
