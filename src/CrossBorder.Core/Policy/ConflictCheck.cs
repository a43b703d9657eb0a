using CrossBorder.Contracts.V1;
using CrossBorder.Core.Contracts;

namespace CrossBorder.Core.Policy;

/// <summary>
/// Finds rules that contradict each other. Two rules that can match one message (types and
/// purposes overlap, and their recipient and sender selectors may overlap) conflict when they
/// transform the same field differently, or when one drops what the other allows by name or
/// transforms (the same path or an ancestor of it, or the field's class); a drop below an allowed
/// path only narrows it and is no conflict. A rule that refuses outright conflicts with a rule of exactly the same
/// match that allows anything: that rule could never take effect.
/// </summary>
internal static class ConflictCheck
{
    public static void Run(IReadOnlyList<Rule> rules, ErrorSink errors)
    {
        for (var i = 0; i < rules.Count; i++)
        {
            for (var j = i + 1; j < rules.Count; j++)
            {
                var (a, b) = (rules[i], rules[j]);
                if (!a.MayCoMatch(b))
                {
                    continue;
                }

                foreach (var ta in a.Transforms)
                {
                    foreach (var tb in b.Transforms.Where(t => string.Equals(t.Path, ta.Path, StringComparison.Ordinal) && !t.SameEffect(ta)))
                    {
                        errors.Add(tb.Line, $"conflicting rules '{a.Id}' (line {a.Line}) and '{b.Id}': '{ta.Path}' is transformed both by {ta.Describe()} and by {tb.Describe()}");
                    }
                }

                DropAgainstAllow(a, b, errors);
                DropAgainstAllow(b, a, errors);
                if (SameMatch(a, b) && (a.Refuse is not null) != (b.Refuse is not null))
                {
                    var (refusing, allowing) = a.Refuse is not null ? (a, b) : (b, a);
                    errors.Add(allowing.Line, $"conflicting rules '{refusing.Id}' (line {refusing.Line}) and '{allowing.Id}': the same match is refused outright by one and allowed by the other");
                }
            }
        }
    }

    private static void DropAgainstAllow(Rule dropping, Rule allowing, ErrorSink errors)
    {
        foreach (var drop in dropping.Drops)
        {
            var named = allowing.AllowPaths.Concat(allowing.Transforms.Select(t => t.Path));
            foreach (var path in named)
            {
                var hit = drop.Path is not null
                    ? PathMatch.IsSelfOrBelow(path, drop.Path)
                    : allowing.Types.Intersect(dropping.Types).Any(t => PayloadSchema.Resolve(t, path) is { } chain && PayloadSchema.ClassOf(chain[^1]) == drop.Class);
                if (hit)
                {
                    var what = drop.Path ?? $"class {ProtoEnumNames<DataClass>.Name(drop.Class!.Value)}";
                    errors.Add(drop.Line, $"conflicting rules '{dropping.Id}' and '{allowing.Id}' (line {allowing.Line}): '{path}' is dropped ({what}) by one and allowed by the other");
                }
            }
        }
    }

    private static bool SameMatch(Rule a, Rule b) =>
        a.Types.SetEquals(b.Types) && a.Purposes.SetEquals(b.Purposes) && a.When is null && b.When is null
        && Same(a.To, b.To) && Same(a.From, b.From);

    private static bool Same(ParticipantSelector a, ParticipantSelector b) =>
        a.Participants.SetEquals(b.Participants) && a.Countries.SetEquals(b.Countries) && a.Roles.SetEquals(b.Roles) && a.NotRoles.SetEquals(b.NotRoles);
}
