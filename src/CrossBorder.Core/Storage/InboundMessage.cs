using CrossBorder.Contracts.V1;

namespace CrossBorder.Core.Storage;

/// <summary>An inbound message accepted for the inbox.</summary>
/// <param name="Sender">The sending participant.</param>
/// <param name="MessageId">Its id.</param>
/// <param name="ConversationId">Its conversation.</param>
/// <param name="MessageType">Its type (reading is per type).</param>
/// <param name="Envelope">The encoded <see cref="SealedEnvelope"/> exactly as received.</param>
/// <param name="SealedSha256">SHA-256 of the sealed CMS bytes.</param>
/// <param name="ReceivedAt">When it was received.</param>
/// <param name="ExpiresAt">Its expiry: the seen id is kept at least until then plus the allowed skew.</param>
/// <param name="SignedReceipt">The ACCEPTED receipt, answered again for a duplicate.</param>
/// <param name="TraceParent">W3C traceparent of the delivery.</param>
/// <param name="RouteSha256">The routing header's digest (<c>RouteDigest</c>): a repeat must carry the same header.</param>
/// <param name="ReviewDate">The payload's retention review date as given, or null.</param>
/// <param name="ErasureDate">The payload's retention erasure date as given, or null.</param>
/// <param name="EraseAt">When the erasure date begins: from then the message is never offered and its sealed bytes go.</param>
public sealed record InboundMessage(
    string Sender,
    string MessageId,
    string ConversationId,
    MessageType MessageType,
    ReadOnlyMemory<byte> Envelope,
    byte[] SealedSha256,
    DateTimeOffset ReceivedAt,
    DateTimeOffset ExpiresAt,
    byte[] SignedReceipt,
    string? TraceParent,
    byte[]? RouteSha256 = null,
    string? ReviewDate = null,
    string? ErasureDate = null,
    DateTimeOffset? EraseAt = null);
