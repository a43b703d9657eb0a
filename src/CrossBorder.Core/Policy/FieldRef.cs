using System.Collections;
using System.Collections.Frozen;
using CrossBorder.Contracts.V1;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace CrossBorder.Core.Policy;

/// <summary>
/// A field path of a rule, resolved for each message type the rule names. A path through a
/// repeated field stands for every element: a value is "set" when any element has it.
/// </summary>
internal sealed record FieldRef(string Path, FrozenDictionary<MessageType, FieldDescriptor[]> Chains)
{
    public FieldDescriptor Leaf(MessageType type) => Chains[type][^1];

    /// <summary>The set values at the path (each element of a repeated field separately).</summary>
    public List<object> Values(IMessage body, MessageType type)
    {
        var values = new List<object>();
        Collect(body, Chains[type], 0, values);
        return values;
    }

    /// <summary>Whether any set value at the path passes <paramref name="test"/>, walking without collecting.</summary>
    public bool Any<TState>(IMessage body, MessageType type, TState state, Func<object, TState, bool> test) =>
        Any(body, Chains[type], 0, state, test);

    private static bool Any<TState>(IMessage message, FieldDescriptor[] chain, int index, TState state, Func<object, TState, bool> test)
    {
        var field = chain[index];
        if (!FieldValues.IsSet(message, field))
        {
            return false;
        }

        var value = field.Accessor.GetValue(message);
        var last = index == chain.Length - 1;
        if (!field.IsRepeated)
        {
            return last ? test(value, state) : Any((IMessage)value, chain, index + 1, state, test);
        }

        foreach (var item in (IList)value)
        {
            if (last ? test(item, state) : Any((IMessage)item, chain, index + 1, state, test))
            {
                return true;
            }
        }

        return false;
    }

    private static void Collect(IMessage message, FieldDescriptor[] chain, int index, List<object> into)
    {
        var field = chain[index];
        if (!FieldValues.IsSet(message, field))
        {
            return;
        }

        var value = field.Accessor.GetValue(message);
        var last = index == chain.Length - 1;
        foreach (var item in field.IsRepeated ? ((IList)value).Cast<object>() : [value])
        {
            if (last)
            {
                into.Add(item);
            }
            else
            {
                Collect((IMessage)item, chain, index + 1, into);
            }
        }
    }
}
