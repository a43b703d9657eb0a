using System.Collections.Frozen;
using System.Globalization;
using CrossBorder.Contracts.V1;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace CrossBorder.Core.Policy;

/// <summary>
/// A condition over the payload as submitted (before minimization) and the evaluation context.
/// Predicates are small and composable: <c>set</c>, <c>equals</c>, <c>minor</c>, <c>consent</c>,
/// <c>purpose</c>, and <c>any</c>/<c>all</c>/<c>not</c> over them.
/// </summary>
internal abstract record Predicate
{
    public abstract bool Holds(IMessage body, PolicyContext context);

    /// <summary>
    /// The paths that decide the predicate's outcome: for a flag that holds, the fields that make it
    /// hold; for a check that fails, the parts that fail.
    /// </summary>
    public virtual void Blame(IMessage body, PolicyContext context, List<string> into)
    {
    }
}

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

/// <summary>
/// The person may be under <see cref="Years"/> at the evaluation time, judged by a date of birth.
/// An uncertain age is a child's: a missing date says nothing about the age, so it counts as a
/// minor; a partial date ("2009", "2009-05") counts when any day it covers makes the person a
/// minor; an unreadable date counts too.
/// </summary>
internal sealed record MinorPredicate(FieldRef Field, int Years) : Predicate
{
    public override bool Holds(IMessage body, PolicyContext context)
    {
        var type = context.MessageType;
        if (!Field.Any(body, type, 0, static (_, _) => true))
        {
            return true;
        }

        var today = DateOnly.FromDateTime(context.Now.UtcDateTime);
        return Field.Any(body, type, (Years, today), static (value, s) =>
            Formats.ValueFormats.LatestDay((string)value) is not { } latest || latest.AddYears(s.Years) > s.today);
    }

    public override void Blame(IMessage body, PolicyContext context, List<string> into) => into.Add(Field.Path);
}

/// <summary>The message's purpose is one of these.</summary>
internal sealed record PurposePredicate(FrozenSet<Purpose> Purposes) : Predicate
{
    public override bool Holds(IMessage body, PolicyContext context) => Purposes.Contains(context.Purpose);

    public override void Blame(IMessage body, PolicyContext context, List<string> into) => into.Add("(purpose)");
}

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

/// <summary>The part does not hold.</summary>
internal sealed record NotPredicate(Predicate Part) : Predicate
{
    public override bool Holds(IMessage body, PolicyContext context) => !Part.Holds(body, context);

    public override void Blame(IMessage body, PolicyContext context, List<string> into) => Part.Blame(body, context, into);
}
