using CrossBorder.Contracts.V1;
using CrossBorder.Core.Contracts;
using Google.Protobuf.Reflection;
using YamlDotNet.RepresentationModel;

namespace CrossBorder.Core.Policy;

/// <summary>
/// Reads one transform (<c>{path, generalize|pseudonymize|truncate|suppress_below|default}</c>)
/// and checks that it fits the field it names in every message type of the rule.
/// </summary>
internal sealed class TransformParser(PolicyTerms terms)
{
    private static readonly string[] Kinds = ["generalize", "pseudonymize", "truncate", "suppress_below", "default"];

    public Transform? Parse(YamlNode node, IReadOnlyCollection<MessageType> types)
    {
        var errors = terms.Errors;
        var map = YamlRead.Map(node, errors, "a transform");
        if (map is null)
        {
            return null;
        }

        YamlRead.OnlyKeys(map, errors, "transform", [.. Kinds, "path", "detail", "flag"]);
        var kinds = Kinds.Where(k => YamlRead.Get(map, k) is not null).ToList();
        if (kinds.Count != 1)
        {
            errors.Add(map, $"a transform has exactly one of: {string.Join(", ", Kinds)}");
            return null;
        }

        var field = terms.Path(YamlRead.Get(map, "path"), types, "transform.path");
        var argument = YamlRead.Get(map, kinds[0])!;
        var text = YamlRead.Scalar(argument, errors, kinds[0]);
        if (field is null || text is null)
        {
            return null;
        }

        var line = YamlRead.Line(map);
        Transform? transform = kinds[0] switch
        {
            "generalize" => Enum.TryParse<Generalization>(text.Replace("_", "", StringComparison.Ordinal), ignoreCase: true, out var g) && g != Generalization.None
                ? new Transform(field.Path, TransformKind.Generalize, g, 0, null, terms.Detail(YamlRead.Get(map, "detail"), PolicyDetailCodes.Generalized), line)
                : Fail(argument, $"unknown generalization '{text}' (known: YEAR, YEAR_MONTH, DAY, BAND5, COUNTRY)"),
            "pseudonymize" => text == "true"
                ? new Transform(field.Path, TransformKind.Pseudonymize, Generalization.None, 0, null, terms.Detail(YamlRead.Get(map, "detail"), PolicyDetailCodes.Pseudonymized), line)
                : Fail(argument, "pseudonymize takes 'true'"),
            "truncate" => int.TryParse(text, out var length) && length > 0
                ? new Transform(field.Path, TransformKind.Truncate, Generalization.None, length, null, terms.Detail(YamlRead.Get(map, "detail"), PolicyDetailCodes.Truncated), line)
                : Fail(argument, "truncate takes a positive length"),
            "suppress_below" => int.TryParse(text, out var threshold) && threshold > 0
                ? new Transform(field.Path, TransformKind.SuppressBelow, Generalization.None, threshold, (YamlRead.Get(map, "flag") as YamlScalarNode)?.Value, terms.Detail(YamlRead.Get(map, "detail"), PolicyDetailCodes.SmallCellSuppressed), line)
                : Fail(argument, "suppress_below takes a positive threshold"),
            _ => new Transform(field.Path, TransformKind.Default, Generalization.None, 0, text, terms.Detail(YamlRead.Get(map, "detail"), PolicyDetailCodes.Defaulted), line),
        };

        if (transform is not null)
        {
            foreach (var type in types)
            {
                if (Misfit(transform, field.Chains[type]) is { } problem)
                {
                    errors.Add(map, $"{transform.Describe()} does not fit '{field.Path}' of {ProtoEnumNames<MessageType>.Name(type)}: {problem}");
                }
            }
        }

        return transform;
    }

    private Transform? Fail(YamlNode node, string message)
    {
        terms.Errors.Add(node, message);
        return null;
    }

    private static string? Misfit(Transform transform, FieldDescriptor[] chain)
    {
        var field = chain[^1];
        var format = PayloadSchema.FormatOf(field);
        return transform.Kind switch
        {
            TransformKind.Generalize => transform.Generalization switch
            {
                Generalization.Country => format == ValueFormat.Subdivision ? null : "not an ISO 3166-2 subdivision",
                Generalization.Band5 => format == ValueFormat.PartialDate || field.FieldType is FieldType.UInt32 or FieldType.Int32 ? null : "not a year or partial date",
                Generalization.Day => format == ValueFormat.DateTime ? null : "not a date-time",
                _ => format is ValueFormat.PartialDate or ValueFormat.DateTime ? null : "not a date",
            },
            TransformKind.Pseudonymize or TransformKind.Truncate => field.FieldType == FieldType.String ? null : "not a string",
            // Suppression protects a whole statistics table (StatisticsSuppression), so it fits only a cell's count.
            TransformKind.SuppressBelow => field != StatisticsCell.Descriptor.FindFieldByNumber(StatisticsCell.CountFieldNumber) ? "not the count of a statistics cell"
                : transform.Text is { } flag && flag != "suppressed" ? $"'{flag}' is not the flag of a statistics cell ('suppressed')"
                : null,
            _ => field.IsRepeated || field.FieldType == FieldType.Message || !PredicateParser.Fits(field, transform.Text!) ? "not a value of the field" : null,
        };
    }
}
