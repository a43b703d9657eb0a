using System.Collections.Frozen;
using CrossBorder.Contracts.V1;
using Google.Protobuf.Reflection;

namespace CrossBorder.Core.Policy;

/// <summary>
/// The payload contract as the policy sees it: each message type's body field of
/// <see cref="CasePayload"/>, field paths relative to the body (<c>traveller.family_name</c>),
/// and the data class and value format options of every field.
/// </summary>
internal static class PayloadSchema
{
    private static readonly FrozenDictionary<MessageType, FieldDescriptor> Bodies =
        Enum.GetValues<MessageType>()
            .Where(t => t != MessageType.Unspecified && CasePayload.Descriptor.FindFieldByNumber((int)t) is not null)
            .ToFrozenDictionary(t => t, t => CasePayload.Descriptor.FindFieldByNumber((int)t));

    public static IEnumerable<MessageType> Types => Bodies.Keys;

    /// <summary>The body field of the message type (its number equals the type's number).</summary>
    public static FieldDescriptor Body(MessageType type) => Bodies[type];

    public static bool IsKnown(MessageType type) => Bodies.ContainsKey(type);

    /// <summary>The type of the payload's body, or unspecified when it has none.</summary>
    public static MessageType TypeOf(CasePayload payload) => (MessageType)(int)payload.BodyCase;

    /// <summary>Each field's options, read once: <see cref="FieldDescriptor.GetOptions"/> copies them at every call.</summary>
    private static readonly System.Collections.Concurrent.ConcurrentDictionary<FieldDescriptor, (DataClass Class, ValueFormat Format)> Options = new();

    public static DataClass ClassOf(FieldDescriptor field) => OptionsOf(field).Class;

    public static ValueFormat FormatOf(FieldDescriptor field) => OptionsOf(field).Format;

    private static (DataClass Class, ValueFormat Format) OptionsOf(FieldDescriptor field) =>
        Options.GetOrAdd(field, static f => f.GetOptions() is { } options
            ? (options.GetExtension(OptionsExtensions.DataClass), options.GetExtension(OptionsExtensions.ValueFormat))
            : (DataClass.Unspecified, ValueFormat.Unspecified));

    /// <summary>Resolves a dotted path relative to the body of <paramref name="type"/>; null when a segment is unknown.</summary>
    public static FieldDescriptor[]? Resolve(MessageType type, string path)
    {
        var message = Body(type).MessageType;
        var segments = path.Split('.');
        var chain = new FieldDescriptor[segments.Length];
        for (var i = 0; i < segments.Length; i++)
        {
            if (message is null)
            {
                return null;
            }

            var field = message.FindFieldByName(segments[i]);
            if (field is null)
            {
                return null;
            }

            chain[i] = field;
            message = field.FieldType == FieldType.Message ? field.MessageType : null;
        }

        return chain;
    }

    /// <summary>Every field path below the body of <paramref name="type"/>, depth first.</summary>
    public static IEnumerable<(string Path, FieldDescriptor Field)> AllPaths(MessageType type)
    {
        var stack = new Stack<(string Prefix, MessageDescriptor Message)>();
        stack.Push(("", Body(type).MessageType));
        while (stack.Count > 0)
        {
            var (prefix, message) = stack.Pop();
            foreach (var field in message.Fields.InDeclarationOrder())
            {
                var path = prefix.Length == 0 ? field.Name : $"{prefix}.{field.Name}";
                yield return (path, field);
                if (field.FieldType == FieldType.Message)
                {
                    stack.Push((path, field.MessageType));
                }
            }
        }
    }
}
