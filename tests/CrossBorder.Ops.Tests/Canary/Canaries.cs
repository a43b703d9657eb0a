using System.Globalization;
using System.Net;
using System.Security.Cryptography;
using System.Text;
using System.Text.Encodings.Web;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Policy.Formats;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace CrossBorder.Ops.Tests.Canary;

/// <summary>
/// Distinctive values for the fields of case payloads, one per field path, each valid for its
/// field's value format, and the search for them in any text. Text fields get
/// <c>CANARY-&lt;field&gt;-&lt;random&gt;</c> (free text adds characters that HTML and URLs encode);
/// names, places, documents, telephones and e-mails get letters or digits no page would show by chance;
/// dates keep their year (so rules on ages and periods still hold) with a day and month of their
/// own; enumerations keep their value and are searched by their full name. Values that cannot be
/// told apart from what a page rightly shows (numbers, booleans, two- or three-letter codes a
/// policy lists) are left as the example has them and named in <see cref="Unsearchable"/>.
/// </summary>
internal sealed class Canaries
{
    /// <summary>Fixed, so that a leak found once is found again at the same field.</summary>
    private const string Seed = "crossborder-canary-7f3q";

    /// <summary>Rarely seen ISO 3166-1 alpha-3 codes: valid nationalities that no console line names.</summary>
    private static readonly string[] RareCountries = ["VUT", "TUV", "NRU", "PLW", "KIR", "FSM", "MHL", "SLB", "WSM", "TON"];

    private readonly Dictionary<string, string> _needles = new(StringComparer.Ordinal);
    private readonly SortedSet<string> _unsearchable = new(StringComparer.Ordinal);
    private readonly DateOnly _today;

    public Canaries(DateOnly today)
    {
        _today = today;
    }

    /// <summary>Every value searched for, by the field path (and message type) it was sent in.</summary>
    public IReadOnlyDictionary<string, string> Needles => _needles;

    /// <summary>Fields whose values are not searched, and why.</summary>
    public IReadOnlyCollection<string> Unsearchable => _unsearchable;

    /// <summary>
    /// A copy of <paramref name="example"/> with a distinctive value in every field it sets; with
    /// <paramref name="everyField"/>, also in every field it leaves empty (messages created, one
    /// element added to each empty list), which the policy may well refuse.
    /// </summary>
    public CasePayload Mark(CasePayload example, string label, bool everyField)
    {
        ArgumentNullException.ThrowIfNull(example);
        var payload = example.Clone();
        Walk(payload, label, everyField);
        return payload;
    }

    private void Walk(IMessage message, string path, bool everyField)
    {
        foreach (var field in message.Descriptor.Fields.InFieldNumberOrder())
        {
            var here = $"{path}.{field.Name}";
            var accessor = field.Accessor;
            if (field.ContainingOneof is { } oneof && !oneof.IsSynthetic && oneof.Accessor.GetCaseFieldDescriptor(message) is { } chosen && chosen != field)
            {
                continue;
            }

            if (field.IsRepeated)
            {
                var list = (System.Collections.IList)accessor.GetValue(message);
                if (list.Count == 0 && everyField && field.FieldType is FieldType.String or FieldType.Message or FieldType.Enum)
                {
                    list.Add(field.FieldType switch
                    {
                        FieldType.String => "",
                        FieldType.Message => Activator.CreateInstance(field.MessageType.ClrType)!,
                        _ => LastValue(field),
                    });
                }

                for (var i = 0; i < list.Count; i++)
                {
                    var item = $"{here}[{i}]";
                    switch (field.FieldType)
                    {
                        case FieldType.String:
                            list[i] = Value(field, item, (string)list[i]!);
                            break;
                        case FieldType.Message:
                            Walk((IMessage)list[i]!, item, everyField);
                            break;
                        case FieldType.Enum:
                            Enumeration(field, item, Convert.ToInt32(list[i], CultureInfo.InvariantCulture));
                            break;
                        default:
                            _unsearchable.Add($"{item} ({field.FieldType})");
                            break;
                    }
                }

                continue;
            }

            switch (field.FieldType)
            {
                case FieldType.String:
                    var text = (string)accessor.GetValue(message);
                    if (text.Length > 0 || everyField)
                    {
                        accessor.SetValue(message, Value(field, here, text));
                    }

                    break;
                case FieldType.Message:
                    var inner = (IMessage?)accessor.GetValue(message);
                    if (inner is null && everyField)
                    {
                        inner = (IMessage)Activator.CreateInstance(field.MessageType.ClrType)!;
                        accessor.SetValue(message, inner);
                    }

                    if (inner is not null)
                    {
                        Walk(inner, here, everyField);
                    }

                    break;
                case FieldType.Enum:
                    var number = Convert.ToInt32(accessor.GetValue(message), CultureInfo.InvariantCulture);
                    if (number == 0 && everyField)
                    {
                        var last = LastValue(field);
                        accessor.SetValue(message, last);
                        number = Convert.ToInt32(last, CultureInfo.InvariantCulture);
                    }

                    Enumeration(field, here, number);
                    break;
                default:
                    _unsearchable.Add($"{here} ({field.FieldType})");
                    break;
            }
        }
    }

    private static object LastValue(FieldDescriptor field) => Enum.ToObject(field.EnumType.ClrType, field.EnumType.Values.Max(v => v.Number));

    private void Enumeration(FieldDescriptor field, string path, int number)
    {
        var name = field.EnumType.FindValueByNumber(number)?.Name;
        if (number != 0 && name is not null && field.EnumType.File.Name.EndsWith("payloads.proto", StringComparison.Ordinal))
        {
            _needles.TryAdd(path, name);
        }
    }

    /// <summary>A distinctive value for a string field, or the example's own where the field's format leaves no room for one.</summary>
    private string Value(FieldDescriptor field, string path, string example)
    {
        var format = field.GetOptions()?.GetExtension(OptionsExtensions.ValueFormat) ?? ValueFormat.Unspecified;
        if (field.ContainingType.ClrType == typeof(DimensionValue))
        {
            // A statistics code ("F", "LABOUR", a country) from its dimension's closed set, checked before any rule.
            _unsearchable.Add($"{path} (a code of a closed set: kept as the example has it)");
            return example.Length > 0 ? example : "X";
        }

        var random = Random(path);
        var letters = new string([.. random.Take(10).Select(b => (char)('A' + (b % 26)))]);
        var digits = new string([.. random.Skip(10).Take(11).Select(b => (char)('0' + (b % 10)))]);
        var name = field.Name.Replace("_", "", StringComparison.Ordinal).ToUpperInvariant();
        string? value = format switch
        {
            ValueFormat.PersonName or ValueFormat.PlaceName => "Canary" + letters.ToLowerInvariant(),
            ValueFormat.DocumentNumber => $"CANARY-{letters}",
            ValueFormat.Reference => $"CANARY-{name}-{letters}{digits[..4]}",
            ValueFormat.Telephone => "+9" + digits,
            ValueFormat.Email => $"canary.{letters.ToLowerInvariant()}@example.org",
            ValueFormat.CountryAlpha3 => RareCountries[random[21] % RareCountries.Length],
            ValueFormat.Subdivision => $"{(example.Length > 2 ? example[..2] : "AL")}-{letters[..2]}{digits[0]}",
            ValueFormat.PartialDate => Date(example, random),
            ValueFormat.DateTime => DateTime(example, random),
            ValueFormat.MessageId => Convert.ToHexStringLower(random.AsSpan(0, 16)),
            ValueFormat.Unspecified => $"CANARY-{name}-{letters} Provë <ünïk> & \"{digits[..4]}\"",
            // Participants, languages and organisations are lists the federation or the policy
            // keeps: a value of our own would be refused before anything else is looked at.
            _ => null,
        };
        var maxLength = (int)(field.GetOptions()?.GetExtension(OptionsExtensions.MaxLength) ?? 0);
        if (value is not null && maxLength > 0 && value.Length > maxLength)
        {
            value = value[..Math.Min(maxLength, value.IndexOf(' ', StringComparison.Ordinal))];
        }

        if (value is null || ValueFormats.Check(format, value, organisations: null) is not null)
        {
            _unsearchable.Add($"{path} ({format}: kept as the example has it)");
            return example.Length > 0 ? example : Fallback(format, value);
        }

        if (format is ValueFormat.PartialDate or ValueFormat.DateTime && value == example
            && ValueFormats.TryPartialDate(value.AsSpan(0, Math.Min(10, value.Length)), out var year, out _, out _) && Math.Abs(year - _today.Year) <= 1)
        {
            // Kept as the example has it and close to today: a page may rightly show the same day (a time, an expiry).
            _unsearchable.Add($"{path} ({format}: {value} is near today)");
        }
        else if (format is ValueFormat.CountryAlpha3 or ValueFormat.Subdivision || value.Length >= 10)
        {
            _needles.TryAdd(path, value);
        }
        else
        {
            _unsearchable.Add($"{path} ({format}: {value} is too short to search)");
        }

        if (format == ValueFormat.Unspecified && value.Contains(' ', StringComparison.Ordinal))
        {
            _needles.TryAdd(path + "#core", value[..value.IndexOf(' ', StringComparison.Ordinal)]);
        }

        return value;
    }

    private static string Fallback(ValueFormat format, string? value) => format switch
    {
        ValueFormat.Language => "sq",
        ValueFormat.Participant => "AL/NCP",
        _ => value ?? "",
    };

    /// <summary>
    /// The example's year with a month and day of this field: "YYYY-MM-DD" stays a real day in the
    /// same year, "YYYY-MM" keeps its month. Dates near today or later are kept (a retention date,
    /// a document's expiry, a departure mean something), so that the policy judges what it would.
    /// </summary>
    private string Date(string example, byte[] random)
    {
        if (example.Length == 0)
        {
            return $"19{11 + (random[22] % 80):00}-{1 + (random[23] % 12):00}-{11 + (random[24] % 17):00}";
        }

        if (!ValueFormats.TryPartialDate(example, out var year, out var month, out _) || example.Length != 10
            || new DateOnly(year, 12, 31) >= _today.AddYears(-1))
        {
            return example;
        }

        month = month == 0 ? 1 + (random[23] % 12) : month;
        return $"{year:0000}-{month:00}-{11 + (random[24] % 17):00}";
    }

    private string DateTime(string example, byte[] random) =>
        example.Length >= 10 ? Date(example[..10], random) + example[10..] : Date("", random) + "T11:11:11Z";

    private static byte[] Random(string path) => SHA256.HashData(Encoding.UTF8.GetBytes(Seed + "|" + path));

    /// <summary>The forms in which a value could show up in a page, a log line, a URL or a token.</summary>
    public static IEnumerable<(string Form, string Text)> Forms(string value)
    {
        yield return ("plain", value);
        yield return ("html", WebUtility.HtmlEncode(value));
        yield return ("html-attribute", HtmlEncoder.Default.Encode(value));
        yield return ("url", Uri.EscapeDataString(value));
        yield return ("form", WebUtility.UrlEncode(value));
        yield return ("json", JavaScriptEncoder.Default.Encode(value));
        foreach (var base64 in Base64Cores(Encoding.UTF8.GetBytes(value)))
        {
            yield return ("base64", base64);
        }
    }

    /// <summary>
    /// The part of the base64 of the value's bytes that is the same wherever the value sits in a
    /// longer byte string (for each of the three alignments): whole groups of four characters.
    /// </summary>
    private static IEnumerable<string> Base64Cores(byte[] bytes)
    {
        for (var shift = 0; shift < 3; shift++)
        {
            var skip = (3 - shift) % 3;
            var usable = (bytes.Length - skip) / 3 * 3;
            if (usable >= 9)
            {
                var core = Convert.ToBase64String(bytes, skip, usable);
                yield return core;
                yield return core.Replace('+', '-').Replace('/', '_');
            }
        }
    }
}
