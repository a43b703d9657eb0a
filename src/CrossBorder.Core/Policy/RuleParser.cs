using System.Collections.Frozen;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Contracts;
using YamlDotNet.RepresentationModel;

namespace CrossBorder.Core.Policy;

/// <summary>Reads outbound and inbound rules, reporting every problem with its line.</summary>
internal sealed class RuleParser(PolicyTerms terms, IReadOnlyDictionary<string, FrozenSet<ParticipantRole>>? federation)
{
    private static readonly string[] OutboundEffects = ["allow", "drop", "transform", "require", "refuse_when", "refuse"];
    private static readonly string[] InboundEffects = ["reject", "refuse_when", "refuse"];
    private readonly PredicateParser _predicates = new(terms);
    private readonly TransformParser _transforms = new(terms);

    public Rule? Outbound(YamlNode node)
    {
        var errors = terms.Errors;
        var map = YamlRead.Map(node, errors, "a rule");
        if (map is null)
        {
            return null;
        }

        YamlRead.OnlyKeys(map, errors, "rule", "id", "description", "match", "when", "when_detail", "allow", "drop", "transform", "require", "refuse_when", "refuse");
        var id = YamlRead.Scalar(YamlRead.Get(map, "id"), errors, "rule id") ?? $"line-{YamlRead.Line(map)}";
        var (types, purposes, to, from) = Match(map, "to");
        var when = YamlRead.Get(map, "when") is { } whenNode ? _predicates.Parse(whenNode, types) : null;

        var allowPaths = new HashSet<string>(StringComparer.Ordinal);
        var allowClasses = new HashSet<DataClass>();
        foreach (var item in YamlRead.Get(map, "allow") is { } allow ? YamlRead.Items(allow, errors, "allow") : [])
        {
            if (item is YamlMappingNode classMap)
            {
                YamlRead.OnlyKeys(classMap, errors, "allow", "class");
                allowClasses.UnionWith(terms.Enums<DataClass>(YamlRead.Get(classMap, "class"), "data class"));
            }
            else if (terms.Path(item, types, "allow") is { } path)
            {
                allowPaths.Add(path.Path);
            }
        }

        var drops = Selectors(YamlRead.Get(map, "drop"), types, "drop", PolicyDetailCodes.Dropped);
        var transformList = (YamlRead.Get(map, "transform") is { } t ? YamlRead.Items(t, errors, "transform") : [])
            .Select(n => _transforms.Parse(n, types)).OfType<Transform>().ToList();
        var requires = new List<Requirement>();
        foreach (var item in YamlRead.Get(map, "require") is { } r ? YamlRead.Items(r, errors, "require") : [])
        {
            if (YamlRead.Map(item, errors, "a requirement") is not { } req)
            {
                continue;
            }

            YamlRead.OnlyKeys(req, errors, "require", "if", "check", "detail");
            var condition = YamlRead.Get(req, "if") is { } ifNode ? _predicates.Parse(ifNode, types) : null;
            var check = _predicates.Parse(YamlRead.Get(req, "check"), types);
            var detail = terms.Detail(YamlRead.Get(req, "detail"), PolicyDetailCodes.RequirementNotMet);
            if (check is not null)
            {
                requires.Add(new Requirement(condition, check, detail, YamlRead.Line(req)));
            }
        }

        var refuseWhens = RefuseWhens(YamlRead.Get(map, "refuse_when"), types);
        var refuse = YamlRead.Get(map, "refuse") is { } refuseNode ? terms.Detail(refuseNode, PolicyDetailCodes.Refused) : null;
        if (!OutboundEffects.Any(k => YamlRead.Get(map, k) is not null))
        {
            errors.Add(map, $"rule '{id}' allows, drops, transforms, requires and refuses nothing");
        }

        return new Rule(
            id, YamlRead.Line(map), types, purposes, to, from, when,
            terms.Detail(YamlRead.Get(map, "when_detail"), PolicyDetailCodes.ConditionNotMet),
            allowPaths.ToFrozenSet(StringComparer.Ordinal), allowClasses.ToFrozenSet(), drops, transformList, requires, refuseWhens, refuse);
    }

    public InboundRule? Inbound(YamlNode node)
    {
        var errors = terms.Errors;
        var map = YamlRead.Map(node, errors, "an inbound rule");
        if (map is null)
        {
            return null;
        }

        YamlRead.OnlyKeys(map, errors, "inbound rule", "id", "description", "match", "reject", "refuse_when", "refuse");
        var id = YamlRead.Scalar(YamlRead.Get(map, "id"), errors, "rule id") ?? $"line-{YamlRead.Line(map)}";
        var (types, purposes, at, from) = Match(map, "at");
        var rejects = Selectors(YamlRead.Get(map, "reject"), types, "reject", PolicyDetailCodes.FieldNotAllowed);
        var refuseWhens = RefuseWhens(YamlRead.Get(map, "refuse_when"), types);
        var refuse = YamlRead.Get(map, "refuse") is { } refuseNode ? terms.Detail(refuseNode, PolicyDetailCodes.Refused) : null;
        if (!InboundEffects.Any(k => YamlRead.Get(map, k) is not null))
        {
            errors.Add(map, $"inbound rule '{id}' rejects and refuses nothing");
        }

        return new InboundRule(id, YamlRead.Line(map), types, purposes, at, from, rejects, refuseWhens, refuse);
    }

    private (FrozenSet<MessageType> Types, FrozenSet<Purpose> Purposes, ParticipantSelector Counterpart, ParticipantSelector From) Match(YamlMappingNode rule, string counterpartKey)
    {
        var errors = terms.Errors;
        var map = YamlRead.Map(YamlRead.Get(rule, "match"), errors, "match");
        if (map is null)
        {
            return (FrozenSet<MessageType>.Empty, FrozenSet<Purpose>.Empty, ParticipantSelector.Any, ParticipantSelector.Any);
        }

        YamlRead.OnlyKeys(map, errors, "match", "types", "purposes", counterpartKey, "from");
        var types = terms.Enums<MessageType>(YamlRead.Get(map, "types"), "message type");
        if (YamlRead.Get(map, "types") is null)
        {
            errors.Add(map, $"match needs 'types' (known: {string.Join(", ", PayloadSchema.Types.Select(ProtoEnumNames<MessageType>.Name))})");
        }

        var purposes = terms.Enums<Purpose>(YamlRead.Get(map, "purposes"), "purpose");
        return (types, purposes,
            terms.Selector(YamlRead.Get(map, counterpartKey), $"match.{counterpartKey}", federation),
            terms.Selector(YamlRead.Get(map, "from"), "match.from", federation));
    }

    private List<FieldSelector> Selectors(YamlNode? node, FrozenSet<MessageType> types, string what, string fallbackDetail)
    {
        var list = new List<FieldSelector>();
        foreach (var item in node is null ? [] : YamlRead.Items(node, terms.Errors, what))
        {
            if (YamlRead.Map(item, terms.Errors, $"an item of {what}") is not { } map)
            {
                continue;
            }

            YamlRead.OnlyKeys(map, terms.Errors, what, "path", "class", "detail");
            var detail = terms.Detail(YamlRead.Get(map, "detail"), fallbackDetail);
            if (YamlRead.Get(map, "class") is { } classNode)
            {
                foreach (var dataClass in terms.Enums<DataClass>(classNode, "data class"))
                {
                    list.Add(new FieldSelector(null, dataClass, detail, YamlRead.Line(map)));
                }
            }
            else if (terms.Path(YamlRead.Get(map, "path"), types, $"{what}.path") is { } path)
            {
                list.Add(new FieldSelector(path.Path, null, detail, YamlRead.Line(map)));
            }
        }

        return list;
    }

    private List<RefuseWhen> RefuseWhens(YamlNode? node, FrozenSet<MessageType> types)
    {
        var list = new List<RefuseWhen>();
        foreach (var item in node is null ? [] : YamlRead.Items(node, terms.Errors, "refuse_when"))
        {
            if (YamlRead.Map(item, terms.Errors, "an item of refuse_when") is not { } map)
            {
                continue;
            }

            YamlRead.OnlyKeys(map, terms.Errors, "refuse_when", "when", "detail");
            if (_predicates.Parse(YamlRead.Get(map, "when"), types) is { } when)
            {
                list.Add(new RefuseWhen(when, terms.Detail(YamlRead.Get(map, "detail"), PolicyDetailCodes.Refused), YamlRead.Line(map)));
            }
        }

        return list;
    }
}
