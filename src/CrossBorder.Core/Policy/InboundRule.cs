using System.Collections.Frozen;
using CrossBorder.Contracts.V1;

namespace CrossBorder.Core.Policy;

/// <summary>
/// One inbound rule: what a participant refuses to receive. It matches by type, purpose, the
/// receiving participant (<see cref="At"/>) and the sender; it refuses a message that carries
/// any field it rejects, or for which a flag holds, or outright.
/// </summary>
internal sealed record InboundRule(
    string Id,
    int Line,
    FrozenSet<MessageType> Types,
    FrozenSet<Purpose> Purposes,
    ParticipantSelector At,
    ParticipantSelector From,
    IReadOnlyList<FieldSelector> Rejects,
    IReadOnlyList<RefuseWhen> RefuseWhens,
    string? Refuse)
{
    public bool Matches(PolicyContext context) =>
        Types.Contains(context.MessageType)
        && (Purposes.Count == 0 || Purposes.Contains(context.Purpose))
        && At.Matches(context.Recipient, context.RecipientRoles)
        && From.Matches(context.Sender, context.SenderRoles);
}
