using CrossBorder.Contracts.V1;
using CrossBorder.Core.Delivery.States;

namespace CrossBorder.Core.Storage;

/// <summary>The outbox record of a message.</summary>
public sealed record OutboundRecord(
    string MessageId,
    string ConversationId,
    string Recipient,
    MessageType MessageType,
    string SubmittedBy,
    OutboxState State,
    ReasonCode LastReason,
    int Attempts,
    byte[] SealedSha256,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    DateTimeOffset? NextAttemptAt,
    byte[]? SignedReceipt,
    string? TraceParent);
