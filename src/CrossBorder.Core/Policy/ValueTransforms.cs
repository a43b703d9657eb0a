using System.Globalization;
using Google.Protobuf.Reflection;

namespace CrossBorder.Core.Policy;

/// <summary>The value-level transforms: generalization, truncation, defaults (small-cell suppression works on whole tables: <see cref="StatisticsSuppression"/>).</summary>
internal static class ValueTransforms
{
    /// <summary>The generalized value, or null when the value is not of the expected form.</summary>
    public static object? Generalize(Generalization generalization, object value)
    {
        if (value is uint number)
        {
            return generalization == Generalization.Band5 ? number - (number % 5) : number;
        }

        if (value is int signed)
        {
            return generalization == Generalization.Band5 ? signed - (((signed % 5) + 5) % 5) : signed;
        }

        var text = (string)value;
        switch (generalization)
        {
            case Generalization.Country:
                var dash = text.IndexOf('-', StringComparison.Ordinal);
                return dash == 2 && text.Length > 3 ? text[..2] : null;
            case Generalization.Day:
                return text.Length >= 10 && IsDate(text[..10]) ? text[..10] : null;
            case Generalization.YearMonth:
                return text.Length >= 7 && IsYear(text[..4]) && text[4] == '-' ? text[..7] : IsYear(text) ? text : null;
            case Generalization.Band5:
                return text.Length >= 4 && int.TryParse(text[..4], NumberStyles.None, CultureInfo.InvariantCulture, out var year)
                    ? (year - (year % 5)).ToString("D4", CultureInfo.InvariantCulture)
                    : null;
            default:
                return text.Length >= 4 && IsYear(text[..4]) && (text.Length == 4 || text[4] == '-') ? text[..4] : null;
        }
    }

    public static string Truncate(string text, int length)
    {
        if (text.Length <= length)
        {
            return text;
        }

        var cut = char.IsHighSurrogate(text[length - 1]) ? length - 1 : length;
        return text[..cut];
    }

    /// <summary>The value a default sets, typed as the field wants it.</summary>
    public static object DefaultValue(FieldDescriptor field, string text, object current) => field.FieldType switch
    {
        FieldType.Enum => Enum.ToObject(current.GetType(), field.EnumType.Values.First(v =>
            string.Equals(FieldValues.EnumName(field.EnumType, v.Number), text, StringComparison.Ordinal)).Number),
        FieldType.Bool => text == "true",
        FieldType.String => text,
        FieldType.UInt32 => uint.Parse(text, CultureInfo.InvariantCulture),
        FieldType.Int32 => int.Parse(text, CultureInfo.InvariantCulture),
        _ => Convert.ChangeType(text, current.GetType(), CultureInfo.InvariantCulture),
    };

    private static bool IsYear(string text) => text.Length == 4 && text.All(char.IsAsciiDigit);

    private static bool IsDate(string text) =>
        DateOnly.TryParseExact(text, "yyyy-MM-dd", CultureInfo.InvariantCulture, DateTimeStyles.None, out _);
}
