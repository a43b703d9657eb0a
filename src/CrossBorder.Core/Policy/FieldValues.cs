using System.Collections;
using System.Globalization;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace CrossBorder.Core.Policy;

/// <summary>Presence and printable forms of field values, over the protobuf reflection API.</summary>
internal static class FieldValues
{
    /// <summary>Whether the field carries something: a non-empty list, a message, or a non-default scalar.</summary>
    public static bool IsSet(IMessage message, FieldDescriptor field)
    {
        if (field.IsRepeated)
        {
            return ((IList)field.Accessor.GetValue(message)).Count > 0;
        }

        if (field.HasPresence)
        {
            return field.Accessor.HasValue(message);
        }

        return field.Accessor.GetValue(message) switch
        {
            null => false,
            string s => s.Length > 0,
            ByteString b => !b.IsEmpty,
            bool b => b,
            IMessage => true,
            var other => Convert.ToInt64(other, CultureInfo.InvariantCulture) != 0,
        };
    }

    /// <summary>The text a rule compares a value with: enum short names, "true"/"false", numbers, strings.</summary>
    public static string Text(FieldDescriptor field, object value) => value switch
    {
        string s => s,
        bool b => b ? "true" : "false",
        _ when field.FieldType == FieldType.Enum => EnumName(field.EnumType, Convert.ToInt32(value, CultureInfo.InvariantCulture)),
        _ => Convert.ToString(value, CultureInfo.InvariantCulture) ?? "",
    };

    /// <summary>The short name of an enum value: the proto name without the enum's prefix.</summary>
    public static string EnumName(EnumDescriptor type, int number)
    {
        var name = type.FindValueByNumber(number)?.Name ?? number.ToString(CultureInfo.InvariantCulture);
        var prefix = EnumPrefix(type);
        return name.StartsWith(prefix, StringComparison.Ordinal) ? name[prefix.Length..] : name;
    }

    public static string EnumPrefix(EnumDescriptor type)
    {
        var unspecified = type.FindValueByNumber(0)?.Name ?? "";
        return unspecified.EndsWith("UNSPECIFIED", StringComparison.Ordinal) ? unspecified[..^"UNSPECIFIED".Length] : "";
    }
}
