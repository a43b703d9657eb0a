using System.Collections;
using System.Collections.Concurrent;
using System.Collections.Frozen;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Contracts;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace CrossBorder.Core.Policy.Formats;

/// <summary>
/// The one payload validation that runs before any policy rule, outbound and inbound: every
/// string field of every depth and every element of a repeated field against its declared
/// <see cref="ValueFormat"/> and maximum length, every enum value against the names its enum
/// defines, organisation ids against the policy's list. It reports each bad field by path and
/// detail code (at most <see cref="MaxProblems"/>), never a value.
/// </summary>
internal static class PayloadValidator
{
    /// <summary>A report names at most this many fields; a last line says there were more.</summary>
    public const int MaxProblems = 32;

    private static readonly ConcurrentDictionary<MessageDescriptor, Entry[]> Tables = new();

    /// <summary>The problems of the payload's body, paths prefixed with the body's field name; empty when it is valid.</summary>
    public static IReadOnlyList<FormatProblem> Validate(CasePayload payload, FrozenSet<string>? organisations)
    {
        var type = PayloadSchema.TypeOf(payload);
        if (!PayloadSchema.IsKnown(type))
        {
            return [];
        }

        var body = PayloadSchema.Body(type);
        var walk = new Walk(organisations);
        walk.Path.Add((body.Name, -1));
        walk.Message((IMessage)body.Accessor.GetValue(payload));
        return walk.Problems ?? (IReadOnlyList<FormatProblem>)[];
    }

    /// <summary>The <c>max_length</c> a string field states; 0 when it states none.</summary>
    public static int StatedMaxLength(FieldDescriptor field) =>
        (int)Math.Min(field.GetOptions()?.GetExtension(OptionsExtensions.MaxLength) ?? 0, int.MaxValue);

    private static Entry[] TableOf(MessageDescriptor descriptor) => Tables.GetOrAdd(descriptor, static d =>
    [
        .. d.Fields.InDeclarationOrder().Select(f => f.FieldType switch
        {
            FieldType.String => new Entry(f, Getter(f), Kind.String, PayloadSchema.FormatOf(f), StatedMaxLength(f), ValueFormats.MaxLength(PayloadSchema.FormatOf(f))),
            FieldType.Enum => new Entry(f, Getter(f), Kind.Enum, ValueFormat.Unspecified, 0, 0),
            FieldType.Message => new Entry(f, Getter(f), Kind.Message, ValueFormat.Unspecified, 0, 0),
            _ => new Entry(f, Getter(f), Kind.Other, ValueFormat.Unspecified, 0, 0),
        }).Where(e => e.Kind != Kind.Other),
    ]);

    /// <summary>
    /// A compiled getter of the generated property: Google.Protobuf's reflection accessor costs
    /// several times more per call, and the validation reads every field of every payload.
    /// Falls back to the reflection accessor when the property is not found by its conventional name.
    /// </summary>
    private static Func<IMessage, object?> Getter(FieldDescriptor field)
    {
        var name = string.Concat(field.Name.Split('_').Select(p => p.Length == 0 ? p : char.ToUpperInvariant(p[0]) + p[1..]));
        var property = field.ContainingType.ClrType?.GetProperty(name);
        if (property is null || property.GetMethod is null)
        {
            return field.Accessor.GetValue;
        }

        var message = System.Linq.Expressions.Expression.Parameter(typeof(IMessage), "message");
        var body = System.Linq.Expressions.Expression.Convert(
            System.Linq.Expressions.Expression.Property(System.Linq.Expressions.Expression.Convert(message, field.ContainingType.ClrType!), property),
            typeof(object));
        return System.Linq.Expressions.Expression.Lambda<Func<IMessage, object?>>(body, message).Compile();
    }

    private enum Kind
    {
        Other,
        String,
        Enum,
        Message,
    }

    /// <summary>A field of a message type: its kind, format, stated maximum and its format's own maximum (0: none).</summary>
    private sealed record Entry(FieldDescriptor Field, Func<IMessage, object?> Get, Kind Kind, ValueFormat Format, int StatedMax, int FormatMax);

    private sealed class Walk(FrozenSet<string>? organisations)
    {
        public List<(string Name, int Index)> Path { get; } = [];

        public List<FormatProblem>? Problems { get; private set; }

        private bool Full => Problems is { Count: > MaxProblems };

        public void Message(IMessage message)
        {
            foreach (var entry in TableOf(message.Descriptor))
            {
                if (Full)
                {
                    return;
                }

                var value = entry.Get(message);
                if (value is null)
                {
                    continue;
                }

                Path.Add((entry.Field.Name, -1));
                if (entry.Field.IsRepeated)
                {
                    var list = (IList)value;
                    for (var i = 0; i < list.Count && !Full; i++)
                    {
                        Path[^1] = (entry.Field.Name, i);
                        Value(entry, list[i]!, repeated: true);
                    }
                }
                else
                {
                    Value(entry, value, repeated: false);
                }

                Path.RemoveAt(Path.Count - 1);
            }
        }

        private void Value(Entry entry, object value, bool repeated)
        {
            switch (entry.Kind)
            {
                case Kind.String:
                    var text = (string)value;
                    if (text.Length == 0 && !repeated)
                    {
                        return;
                    }

                    // Lengths first: a 2 MB value costs one comparison, never a scan or a hash.
                    if (entry.StatedMax > 0 && text.Length > entry.StatedMax)
                    {
                        Report(FormatDetailCodes.TooLong);
                    }
                    else if (entry.FormatMax > 0 && text.Length > entry.FormatMax)
                    {
                        Report(ValueFormats.DetailCode(entry.Format));
                    }
                    else if (ValueFormats.Check(entry.Format, text, organisations) is { } problem)
                    {
                        Report(problem);
                    }

                    return;
                case Kind.Enum:
                    var number = (int)value;
                    if (number != 0 && !UnknownFields.IsDefined(entry.Field.EnumType, number))
                    {
                        Report(FormatDetailCodes.EnumUndefined);
                    }

                    return;
                default:
                    Message((IMessage)value);
                    return;
            }
        }

        private void Report(string detail)
        {
            Problems ??= [];
            Problems.Add(Problems.Count == MaxProblems ? new FormatProblem("", FormatDetailCodes.MoreProblems) : new FormatProblem(PathText(), detail));
        }

        private string PathText()
        {
            var text = new System.Text.StringBuilder();
            foreach (var (name, index) in Path)
            {
                text.Append(text.Length == 0 ? "" : ".").Append(name);
                if (index >= 0)
                {
                    text.Append('[').Append(index.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append(']');
                }
            }

            return text.ToString();
        }
    }
}
