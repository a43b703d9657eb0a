using System.Collections.Frozen;
using Google.Protobuf;

namespace CrossBorder.Core.Policy;

/// <summary>The field (or any element of it) has one of the values (enum short names, true/false, text).</summary>
internal sealed record EqualsPredicate(FieldRef Field, FrozenSet<string> Accepted) : Predicate
{
    public override bool Holds(IMessage body, PolicyContext context)
    {
        var type = context.MessageType;
        return Field.Any(body, type, (Leaf: Field.Leaf(type), Accepted), static (value, s) => s.Accepted.Contains(FieldValues.Text(s.Leaf, value)));
    }

    public override void Blame(IMessage body, PolicyContext context, List<string> into) => into.Add(Field.Path);
}
