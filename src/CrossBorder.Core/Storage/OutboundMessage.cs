using CrossBorder.Contracts.V1;

namespace CrossBorder.Core.Storage;

/// <summary>A sealed message to send, as queued.</summary>
/// <param name="MessageId">128-bit id, 32 lower-case hex digits (creation millisecond, then random bits).</param>
/// <param name="ConversationId">Random conversation id.</param>
/// <param name="Recipient">The receiving participant, e.g. <c>AL/NCP</c>.</param>
/// <param name="MessageType">The message type.</param>
/// <param name="SubmittedBy">The local role that submitted it.</param>
/// <param name="Envelope">The encoded <see cref="SealedEnvelope"/>: exactly the bytes every attempt sends.</param>
/// <param name="SealedSha256">SHA-256 of the sealed CMS bytes (the receipt's digest).</param>
/// <param name="CreatedAt">When it was sealed.</param>
/// <param name="ExpiresAt">After this it is not sent any more.</param>
/// <param name="Attempts">Attempts so far (0 when queued; a claim counts one more).</param>
/// <param name="TraceParent">W3C traceparent of the submit, so that the trace continues after a restart.</param>
/// <param name="SubmissionKey">The client's key for this submission (unique per local role), or null.</param>
public sealed record OutboundMessage(
    string MessageId,
    string ConversationId,
    string Recipient,
    MessageType MessageType,
    string SubmittedBy,
    ReadOnlyMemory<byte> Envelope,
    byte[] SealedSha256,
    DateTimeOffset CreatedAt,
    DateTimeOffset ExpiresAt,
    int Attempts,
    string? TraceParent,
    string? SubmissionKey = null);
