using Google.Protobuf;

namespace CrossBorder.Core.Policy;

/// <summary>At least one part holds.</summary>
internal sealed record AnyPredicate(IReadOnlyList<Predicate> Parts) : Predicate
{
    public override bool Holds(IMessage body, PolicyContext context)
    {
        for (var i = 0; i < Parts.Count; i++)
        {
            if (Parts[i].Holds(body, context))
            {
                return true;
            }
        }

        return false;
    }

    /// <summary>When it holds, the parts that hold (a flag names only what raised it); when it fails, every part.</summary>
    public override void Blame(IMessage body, PolicyContext context, List<string> into)
    {
        var holds = Holds(body, context);
        foreach (var part in Parts.Where(p => !holds || p.Holds(body, context)))
        {
            part.Blame(body, context, into);
        }
    }
}
