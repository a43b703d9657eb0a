using System.Globalization;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace CrossBorder.Core.Policy;

/// <summary>
/// The field (or any element of it) holds a value. A placeholder is not a value: a text of white
/// space only, or an enum number that is unspecified or that the contract does not define, never
/// satisfies a requirement.
/// </summary>
internal sealed record SetPredicate(FieldRef Field) : Predicate
{
    public override bool Holds(IMessage body, PolicyContext context)
    {
        var type = context.MessageType;
        return Field.Any(body, type, Field.Leaf(type), static (value, leaf) => IsValue(leaf, value));
    }

    private static bool IsValue(FieldDescriptor leaf, object value) => value switch
    {
        string text => !string.IsNullOrWhiteSpace(text),
        _ when leaf.FieldType == FieldType.Enum => Convert.ToInt32(value, CultureInfo.InvariantCulture) is var number
            && number != 0 && leaf.EnumType.FindValueByNumber(number) is not null,
        _ => true,
    };

    public override void Blame(IMessage body, PolicyContext context, List<string> into) => into.Add(Field.Path);
}
