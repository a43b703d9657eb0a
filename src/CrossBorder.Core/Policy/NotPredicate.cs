using Google.Protobuf;

namespace CrossBorder.Core.Policy;

/// <summary>The part does not hold.</summary>
internal sealed record NotPredicate(Predicate Part) : Predicate
{
    public override bool Holds(IMessage body, PolicyContext context) => !Part.Holds(body, context);

    public override void Blame(IMessage body, PolicyContext context, List<string> into) => Part.Blame(body, context, into);
}
