using System.Collections.Frozen;
using CrossBorder.Contracts.V1;
using Google.Protobuf;

namespace CrossBorder.Core.Policy;

/// <summary>The message's purpose is one of these.</summary>
internal sealed record PurposePredicate(FrozenSet<Purpose> Purposes) : Predicate
{
    public override bool Holds(IMessage body, PolicyContext context) => Purposes.Contains(context.Purpose);

    public override void Blame(IMessage body, PolicyContext context, List<string> into) => into.Add("(purpose)");
}
