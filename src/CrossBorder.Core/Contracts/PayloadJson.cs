using System.Collections.Concurrent;
using System.Collections.Frozen;
using System.Globalization;
using System.Text.Json;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Errors;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace CrossBorder.Core.Contracts;

/// <summary>
/// The one reader of case payloads in protobuf JSON, for every command and test that reads one.
/// A first pass over the bytes (<see cref="Utf8JsonReader"/>, against the contract's descriptors)
/// refuses what Google.Protobuf's parser would let through or explain badly: a field given twice
/// at any depth, under either of its names (the parser keeps the last: a flag given <c>true</c>
/// then <c>false</c> would pass as <c>false</c>), two members of a oneof, keys the contract does
/// not define, enum names or numbers the enum does not define (as the binary entries do:
/// <c>UNKNOWN_FIELD</c>), values of the wrong JSON kind. Each refusal names the field path and the
/// problem, never a value. Only then does Google.Protobuf's parser build the message.
/// </summary>
public static class PayloadJson
{
    /// <summary>Nesting deeper than this is refused; payloads nest a few levels.</summary>
    private const int MaxDepth = 32;

    private static readonly System.Text.UTF8Encoding StrictUtf8 = new(encoderShouldEmitUTF8Identifier: false, throwOnInvalidBytes: true);
    private static readonly JsonParser Parser = new(JsonParser.Settings.Default.WithIgnoreUnknownFields(false));
    private static readonly ConcurrentDictionary<MessageDescriptor, FrozenDictionary<string, FieldDescriptor>> Names = new();

    /// <summary>
    /// Reads a <see cref="CasePayload"/> from UTF-8 JSON (a leading byte-order mark is skipped).
    /// <c>MALFORMED</c> for JSON that is not well-formed, a field given twice, a value of the wrong
    /// kind or no message body; <c>UNKNOWN_FIELD</c> for a key or enum value the contract does not
    /// define. <paramref name="what"/> starts the refusal text (e.g. <c>--payload file.json</c>).
    /// </summary>
    public static CasePayload Read(ReadOnlySpan<byte> utf8, string what)
    {
        ArgumentNullException.ThrowIfNull(what);
        if (utf8.StartsWith("\uFEFF"u8))
        {
            utf8 = utf8[3..];
        }

        string text;
        try
        {
            text = StrictUtf8.GetString(utf8);
        }
        catch (System.Text.DecoderFallbackException)
        {
            throw Reject.Because(ReasonCode.Malformed, $"{what}: not UTF-8 text");
        }

        var reader = new Utf8JsonReader(utf8, new JsonReaderOptions { MaxDepth = MaxDepth + 1 });
        var path = new List<string>();
        try
        {
            if (!reader.Read() || reader.TokenType != JsonTokenType.StartObject)
            {
                throw Reject.Because(ReasonCode.Malformed, $"{what}: a payload is one JSON object");
            }

            Message(ref reader, CasePayload.Descriptor, path, what);
            if (reader.Read())
            {
                throw Reject.Because(ReasonCode.Malformed, $"{what}: text after the payload's JSON object");
            }
        }
        catch (JsonException ex)
        {
            // The reader's own text may quote the input; only the position and the path are shown.
            throw Reject.Because(
                ReasonCode.Malformed,
                $"{what}: not well-formed JSON at line {ex.LineNumber + 1}, byte {ex.BytePositionInLine + 1}{(path.Count > 0 ? $" (in {Path(path)})" : "")}");
        }
        catch (InvalidOperationException)
        {
            // A string that is not valid UTF-8 or holds an escaped lone surrogate.
            throw Reject.Because(ReasonCode.Malformed, $"{what}: {(path.Count > 0 ? Path(path) : "the payload")}: a string that is not valid Unicode");
        }

        CasePayload payload;
        try
        {
            payload = Parser.Parse<CasePayload>(text);
        }
        catch (Exception ex) when (ex is InvalidProtocolBufferException or InvalidJsonException or FormatException or ArgumentException)
        {
            // Not reached by anything the first pass knows to refuse; the parser's text may quote values.
            throw Reject.Because(ReasonCode.Malformed, $"{what}: not a crossborder.v1.CasePayload in protobuf JSON");
        }

        return payload.BodyCase == CasePayload.BodyOneofCase.None
            ? throw Reject.Because(ReasonCode.Malformed, $"{what}: the payload holds no message body (e.g. {{\"identityConfirmationRequest\": {{...}}}})")
            : payload;
    }

    private static void Message(ref Utf8JsonReader reader, MessageDescriptor descriptor, List<string> path, string what)
    {
        if (path.Count > MaxDepth)
        {
            throw Reject.Because(ReasonCode.Malformed, $"{what}: {Path(path)}: nested too deeply");
        }

        var names = Names.GetOrAdd(descriptor, static d => d.Fields.InDeclarationOrder()
            .SelectMany(f => new[] { (f.Name, f), (f.JsonName, f) })
            .DistinctBy(p => p.Item1, StringComparer.Ordinal)
            .ToFrozenDictionary(p => p.Item1, p => p.f, StringComparer.Ordinal));
        var seen = new HashSet<int>();
        var oneofs = new HashSet<string>(StringComparer.Ordinal);
        while (reader.Read() && reader.TokenType == JsonTokenType.PropertyName)
        {
            var key = reader.GetString()!;
            if (!names.TryGetValue(key, out var field))
            {
                throw Reject.Because(ReasonCode.UnknownField, $"{what}: {Path(path, KeyText(key))}: not a field of {descriptor.FullName}");
            }

            path.Add(field.Name);
            if (!seen.Add(field.FieldNumber))
            {
                throw Reject.Because(ReasonCode.Malformed, $"{what}: {Path(path)}: the field is given more than once");
            }

            reader.Read();
            if (reader.TokenType != JsonTokenType.Null && field.RealContainingOneof is { } oneof && !oneofs.Add(oneof.Name))
            {
                throw Reject.Because(ReasonCode.Malformed, $"{what}: {Path(path)}: a second member of the oneof {oneof.Name}");
            }

            Field(ref reader, field, path, what);
            path.RemoveAt(path.Count - 1);
        }
    }

    private static void Field(ref Utf8JsonReader reader, FieldDescriptor field, List<string> path, string what)
    {
        if (reader.TokenType == JsonTokenType.Null)
        {
            return;
        }

        if (!field.IsRepeated)
        {
            Value(ref reader, field, path, what);
            return;
        }

        if (reader.TokenType != JsonTokenType.StartArray)
        {
            throw Reject.Because(ReasonCode.Malformed, $"{what}: {Path(path)}: must be a list");
        }

        var name = path[^1];
        for (var i = 0; reader.Read() && reader.TokenType != JsonTokenType.EndArray; i++)
        {
            path[^1] = $"{name}[{i.ToString(CultureInfo.InvariantCulture)}]";
            if (reader.TokenType == JsonTokenType.Null)
            {
                throw Reject.Because(ReasonCode.Malformed, $"{what}: {Path(path)}: a list element cannot be null");
            }

            Value(ref reader, field, path, what);
        }

        path[^1] = name;
    }

    private static void Value(ref Utf8JsonReader reader, FieldDescriptor field, List<string> path, string what)
    {
        var token = reader.TokenType;
        string? wrong = field.FieldType switch
        {
            FieldType.Message => token == JsonTokenType.StartObject ? null : "must be an object",
            FieldType.String or FieldType.Bytes => token == JsonTokenType.String ? null : "must be a string",
            FieldType.Bool => token is JsonTokenType.True or JsonTokenType.False ? null : "must be true or false",
            FieldType.Enum => token is JsonTokenType.String or JsonTokenType.Number ? null : "must be an enum name",
            _ => token is JsonTokenType.Number or JsonTokenType.String ? null : "must be a number",
        };
        if (wrong is not null)
        {
            throw Reject.Because(ReasonCode.Malformed, $"{what}: {Path(path)}: {wrong}");
        }

        switch (field.FieldType)
        {
            case FieldType.Message:
                Message(ref reader, field.MessageType, path, what);
                break;
            case FieldType.Enum when !DefinedEnum(ref reader, field.EnumType):
                throw Reject.Because(ReasonCode.UnknownField, $"{what}: {Path(path)}: a value the enum {field.EnumType.FullName} does not define");
            case FieldType.Int32 or FieldType.SInt32 or FieldType.SFixed32 when !Integer(ref reader, int.MinValue, int.MaxValue):
            case FieldType.UInt32 or FieldType.Fixed32 when !Integer(ref reader, 0, uint.MaxValue):
                throw Reject.Because(ReasonCode.Malformed, $"{what}: {Path(path)}: must be a whole number in the field's range");
            default:
                break;
        }
    }

    private static bool DefinedEnum(ref Utf8JsonReader reader, EnumDescriptor type)
    {
        if (reader.TokenType == JsonTokenType.Number)
        {
            return reader.TryGetInt32(out var number) && UnknownFields.IsDefined(type, number);
        }

        var name = reader.GetString();
        return name is not null && type.FindValueByName(name) is not null;
    }

    private static bool Integer(ref Utf8JsonReader reader, long min, long max)
    {
        long value;
        if (reader.TokenType == JsonTokenType.Number)
        {
            if (!reader.TryGetInt64(out value))
            {
                return false;
            }
        }
        else if (!long.TryParse(reader.GetString(), NumberStyles.AllowLeadingSign, CultureInfo.InvariantCulture, out value))
        {
            return false;
        }

        return value >= min && value <= max;
    }

    /// <summary>A key that is no field is named only when it looks like a field name: a key could carry anything.</summary>
    private static string KeyText(string key) =>
        key.Length is > 0 and <= 64 && key.All(c => char.IsAsciiLetterOrDigit(c) || c == '_') ? $"'{key}'" : "(a key that is no field name)";

    private static string Path(List<string> path, string? last = null)
    {
        var text = string.Join('.', path);
        return last is null ? text : text.Length == 0 ? last : $"{text}.{last}";
    }
}
