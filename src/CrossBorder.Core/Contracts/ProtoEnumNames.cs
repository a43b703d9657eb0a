using System.Collections.Frozen;
using System.Reflection;
using Google.Protobuf.Reflection;

namespace CrossBorder.Core.Contracts;

/// <summary>
/// Short printable names of generated proto enums: the proto value name without the enum's
/// prefix, e.g. <c>RETURN_PLAN</c> for <c>MESSAGE_TYPE_RETURN_PLAN</c>. What users type in
/// configuration and policy files and what the CLI prints.
/// </summary>
/// <typeparam name="T">A protoc-generated enum.</typeparam>
public static class ProtoEnumNames<T>
    where T : struct, Enum
{
    private static readonly FrozenDictionary<T, string> ByValue = BuildNames();
    private static readonly FrozenDictionary<string, T> ByName =
        ByValue.ToFrozenDictionary(kv => kv.Value, kv => kv.Key, StringComparer.Ordinal);

    /// <summary>The short name, or the number when the value is not defined.</summary>
    public static string Name(T value) => ByValue.TryGetValue(value, out var name) ? name : Convert.ToInt32(value, null).ToString(null, null);

    /// <summary>Parses a short name; the unspecified value is never a valid name.</summary>
    public static bool TryParse(string? name, out T value)
    {
        value = default;
        return name is not null && ByName.TryGetValue(name, out value) && Convert.ToInt32(value, null) != 0;
    }

    /// <summary>All defined values except the unspecified one.</summary>
    public static IEnumerable<T> Defined => ByValue.Keys.Where(v => Convert.ToInt32(v, null) != 0);

    private static FrozenDictionary<T, string> BuildNames()
    {
        var original = typeof(T).GetFields(BindingFlags.Public | BindingFlags.Static)
            .ToDictionary(f => (T)f.GetValue(null)!, f => f.GetCustomAttribute<OriginalNameAttribute>()?.Name ?? f.Name);
        var unspecified = original[default];
        var prefix = unspecified.EndsWith("UNSPECIFIED", StringComparison.Ordinal) ? unspecified[..^"UNSPECIFIED".Length] : "";
        return original.ToFrozenDictionary(
            kv => kv.Key,
            kv => kv.Value.StartsWith(prefix, StringComparison.Ordinal) ? kv.Value[prefix.Length..] : kv.Value);
    }
}
