using System.Collections;
using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Linq.Expressions;
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
        var walk = _reusable ?? new Walk();
        _reusable = null;
        walk.Start(organisations, body.Name);
        walk.Message((IMessage)body.Accessor.GetValue(payload), TableOf(body.MessageType));
        var problems = walk.Problems;
        walk.Start(null, "");
        _reusable = walk;
        return problems ?? (IReadOnlyList<FormatProblem>)[];
    }

    /// <summary>One walk per thread, reused: the validation runs for every message and should not allocate.</summary>
    [ThreadStatic]
    private static Walk? _reusable;

    /// <summary>The <c>max_length</c> a string field states; 0 when it states none.</summary>
    public static int StatedMaxLength(FieldDescriptor field) =>
        (int)Math.Min(field.GetOptions()?.GetExtension(OptionsExtensions.MaxLength) ?? 0, int.MaxValue);

    /// <summary>The string, enum and message fields of a message type, in declaration order, built once.</summary>
    private static Entry[] TableOf(MessageDescriptor descriptor) => Tables.GetOrAdd(descriptor, static d =>
        [.. d.Fields.InDeclarationOrder().Where(f => f.FieldType is FieldType.String or FieldType.Enum or FieldType.Message).Select(f => new Entry(f))]);

    private sealed class Entry
    {
        private Entry[]? _children;

        public Entry(FieldDescriptor field)
        {
            Field = field;
            Repeated = field.IsRepeated;
            Format = field.FieldType == FieldType.String ? PayloadSchema.FormatOf(field) : ValueFormat.Unspecified;
            StatedMax = field.FieldType == FieldType.String ? StatedMaxLength(field) : 0;
            FormatMax = ValueFormats.MaxLength(Format);
            Get = Getter<object?>(field) ?? field.Accessor.GetValue;
            if (field.FieldType == FieldType.Enum && !Repeated)
            {
                GetNumber = Getter<int>(field) ?? (m => (int)field.Accessor.GetValue(m));
            }
        }

        public FieldDescriptor Field { get; }

        public bool Repeated { get; }

        public ValueFormat Format { get; }

        public int StatedMax { get; }

        public int FormatMax { get; }

        public Func<IMessage, object?> Get { get; }

        /// <summary>A singular enum's number without boxing it.</summary>
        public Func<IMessage, int>? GetNumber { get; }

        public Entry[] Children => _children ??= TableOf(Field.MessageType);

        /// <summary>
        /// A compiled getter of the generated property: Google.Protobuf's reflection accessor costs
        /// several times more per call, and the validation reads every field of every payload. Null
        /// when the property is not found by its conventional name (the caller uses reflection then).
        /// </summary>
        private static Func<IMessage, T>? Getter<T>(FieldDescriptor field)
        {
            var type = field.ContainingType.ClrType;
            var name = string.Concat(field.Name.Split('_').Select(p => p.Length == 0 ? p : char.ToUpperInvariant(p[0]) + p[1..]));
            if (type?.GetProperty(name) is not { GetMethod: not null } property)
            {
                return null;
            }

            var message = Expression.Parameter(typeof(IMessage), "message");
            var body = Expression.Convert(Expression.Property(Expression.Convert(message, type), property), typeof(T));
            return Expression.Lambda<Func<IMessage, T>>(body, message).Compile();
        }
    }

    private sealed class Walk
    {
        private FrozenSet<string>? _organisations;

        /// <summary>The path to the message being walked: names, and the element index of a repeated field (-1 for none).</summary>
        public List<(string Name, int Index)> Path { get; } = new(8);

        public List<FormatProblem>? Problems { get; private set; }

        /// <summary>Begins a walk of a body named <paramref name="body"/> (or clears the last one).</summary>
        public void Start(FrozenSet<string>? list, string body)
        {
            _organisations = list;
            Problems = null;
            Path.Clear();
            if (body.Length > 0)
            {
                Path.Add((body, -1));
            }
        }

        private bool Full => Problems is { Count: > MaxProblems };

        public void Message(IMessage message, Entry[] table)
        {
            foreach (var entry in table)
            {
                if (Full)
                {
                    return;
                }

                if (entry.GetNumber is { } number)
                {
                    Enum(entry, number(message), -1);
                    continue;
                }

                var value = entry.Get(message);
                if (value is null)
                {
                    continue;
                }

                if (!entry.Repeated)
                {
                    if (value is string text)
                    {
                        Text(entry, text, -1);
                    }
                    else
                    {
                        Path.Add((entry.Field.Name, -1));
                        Message((IMessage)value, entry.Children);
                        Path.RemoveAt(Path.Count - 1);
                    }

                    continue;
                }

                var list = (IList)value;
                for (var i = 0; i < list.Count && !Full; i++)
                {
                    switch (list[i])
                    {
                        case string text:
                            Text(entry, text, i);
                            break;
                        case IMessage child:
                            Path.Add((entry.Field.Name, i));
                            Message(child, entry.Children);
                            Path.RemoveAt(Path.Count - 1);
                            break;
                        case var element:
                            Enum(entry, (int)element!, i);
                            break;
                    }
                }
            }
        }

        private void Text(Entry entry, string text, int index)
        {
            // An unset singular string is empty; an empty element of a list is a value like any other.
            if (text.Length == 0 && index < 0)
            {
                return;
            }

            // Lengths first: a 2 MB value costs one comparison, never a scan or a hash.
            if (entry.StatedMax > 0 && text.Length > entry.StatedMax)
            {
                Report(entry, index, FormatDetailCodes.TooLong);
            }
            else if (entry.FormatMax > 0 && text.Length > entry.FormatMax)
            {
                Report(entry, index, ValueFormats.DetailCode(entry.Format));
            }
            else if (ValueFormats.Check(entry.Format, text, _organisations) is { } problem)
            {
                Report(entry, index, problem);
            }
        }

        private void Enum(Entry entry, int number, int index)
        {
            if (number != 0 && !UnknownFields.IsDefined(entry.Field.EnumType, number))
            {
                Report(entry, index, FormatDetailCodes.EnumUndefined);
            }
        }

        private void Report(Entry entry, int index, string detail)
        {
            Problems ??= [];
            Problems.Add(Problems.Count == MaxProblems ? new FormatProblem("", FormatDetailCodes.MoreProblems) : new FormatProblem(PathText(entry.Field.Name, index), detail));
        }

        private string PathText(string leaf, int index)
        {
            var text = new System.Text.StringBuilder();
            foreach (var (name, i) in Path.Append((leaf, index)))
            {
                text.Append(text.Length == 0 ? "" : ".").Append(name);
                if (i >= 0)
                {
                    text.Append('[').Append(i.ToString(System.Globalization.CultureInfo.InvariantCulture)).Append(']');
                }
            }

            return text.ToString();
        }
    }
}
