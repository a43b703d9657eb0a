using Google.Protobuf;

namespace CrossBorder.Core.Policy;

/// <summary>Every part holds.</summary>
internal sealed record AllPredicate(IReadOnlyList<Predicate> Parts) : Predicate
{
    public override bool Holds(IMessage body, PolicyContext context)
    {
        for (var i = 0; i < Parts.Count; i++)
        {
            if (!Parts[i].Holds(body, context))
            {
                return false;
            }
        }

        return true;
    }

    /// <summary>When it fails, the parts that fail; when it holds, every part.</summary>
    public override void Blame(IMessage body, PolicyContext context, List<string> into)
    {
        var holds = Holds(body, context);
        foreach (var part in Parts.Where(p => holds || !p.Holds(body, context)))
        {
            part.Blame(body, context, into);
        }
    }
}
