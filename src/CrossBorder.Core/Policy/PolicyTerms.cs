using System.Collections.Frozen;
using System.Text.RegularExpressions;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Contracts;
using CrossBorder.Core.Trust;
using Google.Protobuf.Reflection;
using YamlDotNet.RepresentationModel;

namespace CrossBorder.Core.Policy;

/// <summary>
/// Reads the terms of a policy file that name things of the contract: message types, purposes,
/// roles, data classes (short names such as <c>RETURN_PLAN</c>), participant ids, detail codes
/// and field paths, each checked against the contract with the line at fault.
/// </summary>
internal sealed partial class PolicyTerms(ErrorSink errors)
{
    public ErrorSink Errors { get; } = errors;

    public FrozenSet<T> Enums<T>(YamlNode? node, string what)
        where T : struct, Enum
    {
        if (node is null)
        {
            return FrozenSet<T>.Empty;
        }

        var values = new HashSet<T>();
        foreach (var (name, item) in YamlRead.Scalars(node, Errors, what))
        {
            if (ProtoEnumNames<T>.TryParse(name, out var value))
            {
                values.Add(value);
            }
            else
            {
                Errors.Add(item, $"unknown {what} '{name}' (known: {string.Join(", ", ProtoEnumNames<T>.Defined.Select(ProtoEnumNames<T>.Name))})");
            }
        }

        return values.ToFrozenSet();
    }

    public string Detail(YamlNode? node, string fallback)
    {
        if (node is null)
        {
            return fallback;
        }

        var code = YamlRead.Scalar(node, Errors, "detail");
        if (code is not null && !DetailShape().IsMatch(code))
        {
            Errors.Add(node, $"detail code '{code}' must look like POLICY_SOMETHING (capitals, digits, underscores)");
        }

        return code ?? fallback;
    }

    public ParticipantSelector Selector(YamlNode? node, string what, IReadOnlyDictionary<string, FrozenSet<ParticipantRole>>? federation)
    {
        if (node is null)
        {
            return ParticipantSelector.Any;
        }

        var map = YamlRead.Map(node, Errors, what);
        if (map is null)
        {
            return ParticipantSelector.Any;
        }

        YamlRead.OnlyKeys(map, Errors, what, "participants", "countries", "roles", "not_roles");
        var participants = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (id, item) in YamlRead.Scalars(YamlRead.Get(map, "participants") ?? new YamlSequenceNode(), Errors, $"{what}.participants"))
        {
            if (!ParticipantId.TryParse(id, out _))
            {
                Errors.Add(item, $"'{id}' is not a participant id (like AL/NCP)");
            }
            else if (federation is not null && !federation.ContainsKey(id))
            {
                Errors.Add(item, $"participant '{id}' is not in the policy's federation: the rule can never match it");
            }

            participants.Add(id);
        }

        var countries = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (code, item) in YamlRead.Scalars(YamlRead.Get(map, "countries") ?? new YamlSequenceNode(), Errors, $"{what}.countries"))
        {
            if (!CountryShape().IsMatch(code))
            {
                Errors.Add(item, $"'{code}' is not an ISO 3166-1 alpha-2 country code");
            }
            else if (federation is not null && !federation.Keys.Any(p => p.StartsWith(code + "/", StringComparison.Ordinal)))
            {
                Errors.Add(item, $"no participant of country '{code}' is in the policy's federation: the rule can never match it");
            }

            countries.Add(code);
        }

        var roles = Enums<ParticipantRole>(YamlRead.Get(map, "roles"), "role");
        var notRoles = Enums<ParticipantRole>(YamlRead.Get(map, "not_roles"), "role");
        var selector = new ParticipantSelector(participants.ToFrozenSet(StringComparer.Ordinal), countries.ToFrozenSet(StringComparer.Ordinal), roles, notRoles);
        if (roles.Count > 0 && roles.IsSubsetOf(notRoles))
        {
            Errors.Add(map, $"{what}: every role is also excluded: the rule can never match");
        }
        else if (federation is not null && !federation.Any(p => selector.Matches(ParticipantId.Parse(p.Key), p.Value)))
        {
            Errors.Add(map, $"{what}: no participant of the policy's federation matches: the rule can never match");
        }

        return selector;
    }

    /// <summary>Resolves a path for every type of the rule; reports each type where it is unknown.</summary>
    public FieldRef? Path(YamlNode? node, IReadOnlyCollection<MessageType> types, string what)
    {
        var path = YamlRead.Scalar(node, Errors, what);
        if (path is null)
        {
            return null;
        }

        var chains = new Dictionary<MessageType, FieldDescriptor[]>();
        foreach (var type in types)
        {
            if (PayloadSchema.Resolve(type, path) is { } chain)
            {
                chains[type] = chain;
            }
            else
            {
                Errors.Add(node, $"unknown field path '{path}' for {ProtoEnumNames<MessageType>.Name(type)} (paths are relative to the message, e.g. 'traveller.family_name')");
            }
        }

        return chains.Count == types.Count && types.Count > 0 ? new FieldRef(path, chains.ToFrozenDictionary()) : null;
    }

    [GeneratedRegex("^POLICY_[A-Z0-9_]+$", RegexOptions.CultureInvariant)]
    private static partial Regex DetailShape();

    [GeneratedRegex("^[A-Z]{2}$", RegexOptions.CultureInvariant)]
    private static partial Regex CountryShape();
}
