using System.Collections.Frozen;
using CrossBorder.Contracts.V1;

namespace CrossBorder.Core.Policy;

/// <summary>
/// One outbound rule, compiled. It matches a message by type, purpose (empty: any), recipient
/// and sender; when it matches and its <see cref="When"/> gate holds, it allows fields (by path:
/// the field and its subtree; by class: leaf fields of that class), drops fields (always wins),
/// transforms fields, and may refuse the whole message.
/// </summary>
internal sealed record Rule(
    string Id,
    int Line,
    FrozenSet<MessageType> Types,
    FrozenSet<Purpose> Purposes,
    ParticipantSelector To,
    ParticipantSelector From,
    Predicate? When,
    string WhenDetail,
    FrozenSet<string> AllowPaths,
    FrozenSet<DataClass> AllowClasses,
    IReadOnlyList<FieldSelector> Drops,
    IReadOnlyList<Transform> Transforms,
    IReadOnlyList<Requirement> Requires,
    IReadOnlyList<RefuseWhen> RefuseWhens,
    string? Refuse)
{
    public bool Matches(PolicyContext context) =>
        Types.Contains(context.MessageType)
        && (Purposes.Count == 0 || Purposes.Contains(context.Purpose))
        && To.Matches(context.Recipient, context.RecipientRoles)
        && From.Matches(context.Sender, context.SenderRoles);

    /// <summary>Whether one message could be matched by both rules.</summary>
    public bool MayCoMatch(Rule other) =>
        Types.Overlaps(other.Types)
        && (Purposes.Count == 0 || other.Purposes.Count == 0 || Purposes.Overlaps(other.Purposes))
        && To.MayOverlap(other.To)
        && From.MayOverlap(other.From);

    public bool Allows(string path, DataClass dataClass, bool isLeaf) =>
        (isLeaf && AllowClasses.Contains(dataClass)) || AllowPaths.Any(p => PathMatch.IsSelfOrBelow(path, p));
}
