using System.Collections.Frozen;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Trust;

namespace CrossBorder.Core.Policy;

/// <summary>
/// Which participants a rule applies to: all of the non-empty lists must match (participant
/// ids, countries, at least one role) and the participant must have none of the excluded roles.
/// An empty selector matches every participant.
/// </summary>
internal sealed record ParticipantSelector(
    FrozenSet<string> Participants,
    FrozenSet<string> Countries,
    FrozenSet<ParticipantRole> Roles,
    FrozenSet<ParticipantRole> NotRoles)
{
    public static readonly ParticipantSelector Any = new(
        FrozenSet<string>.Empty, FrozenSet<string>.Empty, FrozenSet<ParticipantRole>.Empty, FrozenSet<ParticipantRole>.Empty);

    public bool Matches(ParticipantId id, IReadOnlySet<ParticipantRole> roles)
    {
        if (Participants.Count > 0 && !Participants.Contains(id.ToString()))
        {
            return false;
        }

        if (Countries.Count > 0 && !Countries.Contains(id.Country))
        {
            return false;
        }

        // Loops, not LINQ: this runs for every rule of a message type on every evaluation.
        if (Roles.Count > 0 && !HasAny(Roles, roles))
        {
            return false;
        }

        return NotRoles.Count == 0 || !HasAny(NotRoles, roles);
    }

    private static bool HasAny(FrozenSet<ParticipantRole> wanted, IReadOnlySet<ParticipantRole> roles)
    {
        foreach (var role in wanted.Items)
        {
            if (roles.Contains(role))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>Whether some participant could match both selectors (decided on the selectors alone).</summary>
    public bool MayOverlap(ParticipantSelector other)
    {
        if (Participants.Count > 0 && other.Participants.Count > 0 && !Participants.Overlaps(other.Participants))
        {
            return false;
        }

        if (Countries.Count > 0 && other.Countries.Count > 0 && !Countries.Overlaps(other.Countries))
        {
            return false;
        }

        return !(Roles.Count > 0 && Roles.IsSubsetOf(other.NotRoles)) && !(other.Roles.Count > 0 && other.Roles.IsSubsetOf(NotRoles));
    }
}
