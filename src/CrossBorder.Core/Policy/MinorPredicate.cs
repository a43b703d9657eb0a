using Google.Protobuf;

namespace CrossBorder.Core.Policy;

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
