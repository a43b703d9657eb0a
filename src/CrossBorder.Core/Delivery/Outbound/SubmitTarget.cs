using CrossBorder.Contracts.V1;
using CrossBorder.Core.Trust;

namespace CrossBorder.Core.Delivery.Outbound;

/// <summary>What an authorized submission sends and to whom.</summary>
/// <param name="Type">The message type, from the payload's case.</param>
/// <param name="Recipient">The participant it is addressed to.</param>
public sealed record SubmitTarget(MessageType Type, ParticipantId Recipient);
