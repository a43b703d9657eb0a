using YamlDotNet.RepresentationModel;

namespace CrossBorder.Core.Policy;

/// <summary>Typed reads of YAML nodes that report a wrong shape instead of throwing.</summary>
internal static class YamlRead
{
    public static int Line(YamlNode node) => (int)node.Start.Line;

    public static YamlMappingNode? Map(YamlNode? node, ErrorSink errors, string what)
    {
        if (node is YamlMappingNode map)
        {
            return map;
        }

        errors.Add(node, $"{what} must be a mapping");
        return null;
    }

    public static string? Scalar(YamlNode? node, ErrorSink errors, string what)
    {
        if (node is YamlScalarNode { Value: { Length: > 0 } value })
        {
            return value;
        }

        errors.Add(node, $"{what} must be a non-empty scalar");
        return null;
    }

    /// <summary>A sequence of scalars; a single scalar counts as a one-element list.</summary>
    public static IEnumerable<(string Value, YamlNode Node)> Scalars(YamlNode? node, ErrorSink errors, string what)
    {
        if (node is YamlScalarNode)
        {
            return Scalar(node, errors, what) is { } one ? [(one, node)] : [];
        }

        if (node is not YamlSequenceNode sequence)
        {
            errors.Add(node, $"{what} must be a list");
            return [];
        }

        var values = new List<(string, YamlNode)>();
        foreach (var item in sequence.Children)
        {
            if (Scalar(item, errors, $"an item of {what}") is { } value)
            {
                values.Add((value, item));
            }
        }

        return values;
    }

    public static IReadOnlyList<YamlNode> Items(YamlNode? node, ErrorSink errors, string what)
    {
        if (node is YamlSequenceNode sequence)
        {
            return [.. sequence.Children];
        }

        errors.Add(node, $"{what} must be a list");
        return [];
    }

    public static YamlNode? Get(YamlMappingNode map, string key) =>
        map.Children.TryGetValue(new YamlScalarNode(key), out var value) ? value : null;

    /// <summary>Reports keys the format does not know: a typo must not silently weaken a rule.</summary>
    public static void OnlyKeys(YamlMappingNode map, ErrorSink errors, string what, params string[] known)
    {
        foreach (var key in map.Children.Keys)
        {
            var name = (key as YamlScalarNode)?.Value ?? "";
            if (!known.Contains(name, StringComparer.Ordinal))
            {
                errors.Add(key, $"{what}: unknown key '{name}' (known: {string.Join(", ", known)})");
            }
        }
    }
}
