using System.Collections.Frozen;
using System.Globalization;
using CrossBorder.Contracts.V1;
using Google.Protobuf.Reflection;
using YamlDotNet.RepresentationModel;

namespace CrossBorder.Core.Policy;

/// <summary>
/// Reads a predicate: a mapping with exactly one of <c>set</c>, <c>not_set</c>, <c>equals</c>,
/// <c>minor</c>, <c>consent</c>, <c>purpose</c>, <c>any</c>, <c>all</c>, <c>not</c>.
/// </summary>
internal sealed class PredicateParser(PolicyTerms terms)
{
    private static readonly string[] Kinds = ["set", "not_set", "equals", "minor", "consent", "purpose", "any", "all", "not"];

    public Predicate? Parse(YamlNode? node, IReadOnlyCollection<MessageType> types)
    {
        var errors = terms.Errors;
        var map = YamlRead.Map(node, errors, "a condition");
        if (map is null)
        {
            return null;
        }

        if (map.Children.Count != 1)
        {
            errors.Add(map, $"a condition has exactly one of: {string.Join(", ", Kinds)}");
            return null;
        }

        var (keyNode, value) = map.Children.First();
        var key = ((YamlScalarNode)keyNode).Value;
        switch (key)
        {
            case "set":
                return terms.Path(value, types, "set") is { } set ? new SetPredicate(set) : null;
            case "not_set":
                return terms.Path(value, types, "not_set") is { } notSet ? new NotPredicate(new SetPredicate(notSet)) : null;
            case "equals":
                return ParseEquals(value, types);
            case "minor":
                return ParseMinor(value, types);
            case "consent":
                return ParseConsent(value, types);
            case "purpose":
                var purposes = terms.Enums<Purpose>(value, "purpose");
                return purposes.Count > 0 ? new PurposePredicate(purposes) : null;
            case "any" or "all":
                var parts = YamlRead.Items(value, errors, key).Select(p => Parse(p, types)).ToList();
                if (parts.Count == 0)
                {
                    errors.Add(value, $"'{key}' needs at least one condition");
                }

                return parts.Count == 0 || parts.Any(p => p is null) ? null
                    : key == "any" ? new AnyPredicate(parts!) : new AllPredicate(parts!);
            case "not":
                return Parse(value, types) is { } inner ? new NotPredicate(inner) : null;
            default:
                errors.Add(keyNode, $"unknown condition '{key}' (known: {string.Join(", ", Kinds)})");
                return null;
        }
    }

    private EqualsPredicate? ParseEquals(YamlNode value, IReadOnlyCollection<MessageType> types)
    {
        var map = YamlRead.Map(value, terms.Errors, "equals");
        if (map is null)
        {
            return null;
        }

        YamlRead.OnlyKeys(map, terms.Errors, "equals", "path", "values");
        var field = terms.Path(YamlRead.Get(map, "path"), types, "equals.path");
        var accepted = YamlRead.Scalars(YamlRead.Get(map, "values"), terms.Errors, "equals.values").ToList();
        if (field is null)
        {
            return null;
        }

        foreach (var type in types)
        {
            var leaf = field.Leaf(type);
            foreach (var (text, item) in accepted)
            {
                if (!Fits(leaf, text))
                {
                    terms.Errors.Add(item, $"'{text}' is not a value of {leaf.FullName}");
                }
            }
        }

        return new EqualsPredicate(field, accepted.Select(a => a.Value).ToFrozenSet(StringComparer.Ordinal));
    }

    private MinorPredicate? ParseMinor(YamlNode value, IReadOnlyCollection<MessageType> types)
    {
        var field = terms.Path(value, types, "minor");
        if (field is not null && types.Any(t => PayloadSchema.FormatOf(field.Leaf(t)) != ValueFormat.PartialDate))
        {
            terms.Errors.Add(value, $"minor: '{field.Path}' is not a partial date");
            return null;
        }

        return field is null ? null : new MinorPredicate(field, 18);
    }

    private ConsentPredicate? ParseConsent(YamlNode value, IReadOnlyCollection<MessageType> types)
    {
        YamlNode? pathNode = value;
        var explicitHealth = false;
        if (value is YamlMappingNode map)
        {
            YamlRead.OnlyKeys(map, terms.Errors, "consent", "path", "explicit_health");
            pathNode = YamlRead.Get(map, "path");
            explicitHealth = YamlRead.Get(map, "explicit_health") is YamlScalarNode { Value: "true" };
        }

        var field = terms.Path(pathNode, types, "consent");
        if (field is not null && types.Any(t => field.Leaf(t).MessageType?.FullName != ConsentRecord.Descriptor.FullName))
        {
            terms.Errors.Add(pathNode, $"consent: '{field.Path}' is not a ConsentRecord");
            return null;
        }

        return field is null ? null : new ConsentPredicate(field, explicitHealth);
    }

    /// <summary>Whether a text can equal a value of the field.</summary>
    public static bool Fits(FieldDescriptor field, string text) => field.FieldType switch
    {
        FieldType.Enum => field.EnumType.Values.Any(v => string.Equals(FieldValues.EnumName(field.EnumType, v.Number), text, StringComparison.Ordinal)),
        FieldType.Bool => text is "true" or "false",
        FieldType.String => true,
        FieldType.Message or FieldType.Bytes or FieldType.Group => false,
        _ => long.TryParse(text, NumberStyles.Integer, CultureInfo.InvariantCulture, out _),
    };
}
