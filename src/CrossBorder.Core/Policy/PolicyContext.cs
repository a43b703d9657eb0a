using CrossBorder.Contracts.V1;
using CrossBorder.Core.Trust;

namespace CrossBorder.Core.Policy;

/// <summary>
/// What a policy evaluation is about besides the payload: the message type, who sends it to whom
/// (with the roles the trust list gives them), why, and when. The roles are input because the
/// engine does not read the trust list itself.
/// </summary>
/// <param name="MessageType">The case message type; must match the payload's body.</param>
/// <param name="Sender">The participant that sends (outbound) or sent (inbound) the message.</param>
/// <param name="SenderRoles">The sender's roles.</param>
/// <param name="Recipient">The participant that receives the message.</param>
/// <param name="RecipientRoles">The recipient's roles.</param>
/// <param name="Purpose">The purpose the message is sent for.</param>
/// <param name="Now">The evaluation time: consent withdrawal and ages are judged at it.</param>
public sealed record PolicyContext(
    MessageType MessageType,
    ParticipantId Sender,
    IReadOnlySet<ParticipantRole> SenderRoles,
    ParticipantId Recipient,
    IReadOnlySet<ParticipantRole> RecipientRoles,
    Purpose Purpose,
    DateTimeOffset Now);
