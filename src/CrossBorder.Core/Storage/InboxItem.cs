using CrossBorder.Contracts.V1;

namespace CrossBorder.Core.Storage;

/// <summary>An inbox message offered to a local client; the envelope is opened when read.</summary>
public sealed record InboxItem(
    string Sender,
    string MessageId,
    MessageType MessageType,
    ReadOnlyMemory<byte> Envelope,
    DateTimeOffset ReceivedAt,
    string? TraceParent,
    string? ReviewDate = null,
    string? ErasureDate = null);
