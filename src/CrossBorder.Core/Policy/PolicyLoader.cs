using System.Collections.Frozen;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Trust;
using YamlDotNet.Core;
using YamlDotNet.RepresentationModel;

namespace CrossBorder.Core.Policy;

/// <summary>
/// Loads and validates policy files (YAML; JSON is YAML too). Every problem is reported at once
/// with file and line; a policy with any error is never returned, so it can never be put in
/// force.
/// </summary>
public static class PolicyLoader
{
    /// <summary>The name the shipped default policy is reported under.</summary>
    public const string DefaultPolicyName = "default-policy.yaml";

    private const string DefaultResource = "CrossBorder.Core.Policy.default-policy.yaml";

    /// <summary>The shipped default policy's text (an embedded resource of Core).</summary>
    public static string DefaultPolicyText()
    {
        using var stream = typeof(PolicyLoader).Assembly.GetManifestResourceStream(DefaultResource)
            ?? throw new InvalidOperationException("the default policy resource is missing from the build");
        using var reader = new StreamReader(stream);
        return reader.ReadToEnd();
    }

    /// <summary>Loads the shipped default policy; it is valid by test, so an error here is a build defect.</summary>
    public static MinimizationPolicy LoadDefault() => Load(DefaultPolicyText(), DefaultPolicyName).PolicyOrThrow();

    /// <summary>Reads and loads a policy file; an unreadable file is one error at line 0.</summary>
    public static PolicyLoadResult LoadFile(string path)
    {
        ArgumentNullException.ThrowIfNull(path);
        string text;
        try
        {
            text = File.ReadAllText(path);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return new PolicyLoadResult(null, [new PolicyError(path, 0, "cannot read the file")]);
        }

        return Load(text, path);
    }

    /// <summary>Parses and validates a policy; <paramref name="fileName"/> is used in error lines only.</summary>
    public static PolicyLoadResult Load(string text, string fileName)
    {
        ArgumentNullException.ThrowIfNull(text);
        ArgumentNullException.ThrowIfNull(fileName);
        var errors = new ErrorSink(fileName);
        var stream = new YamlStream();
        try
        {
            stream.Load(new StringReader(text));
        }
        catch (YamlException ex)
        {
            return new PolicyLoadResult(null, [new PolicyError(fileName, (int)ex.Start.Line, $"not well-formed YAML: {ex.Message}")]);
        }

        if (stream.Documents.Count != 1 || YamlRead.Map(stream.Documents[0].RootNode, errors, "the policy") is not { } root)
        {
            return new PolicyLoadResult(null, errors.Errors.Count > 0 ? errors.Errors : [new PolicyError(fileName, 0, "a policy file holds exactly one YAML document")]);
        }

        YamlRead.OnlyKeys(root, errors, "policy", "id", "version", "description", "federation", "organisations", "rules", "inbound");
        var id = YamlRead.Scalar(YamlRead.Get(root, "id"), errors, "id") ?? "";
        var version = YamlRead.Scalar(YamlRead.Get(root, "version"), errors, "version") ?? "";

        // Both are sealed into every message's policy stamp, which receivers hold to this form.
        if (id.Length > 0 && !Delivery.InnerHeaderFormat.IsPolicyId(id))
        {
            errors.Add(YamlRead.Get(root, "id"), "id must be 1 to 64 ASCII letters, digits, '.', '_' or '-' (it goes into every message's policy stamp)");
        }

        if (version.Length > 0 && !Delivery.InnerHeaderFormat.IsPolicyVersion(version))
        {
            errors.Add(YamlRead.Get(root, "version"), "version must be 1 to 32 ASCII letters, digits, '.', '_' or '-' (it goes into every message's policy stamp)");
        }
        var terms = new PolicyTerms(errors);
        var federation = Federation(YamlRead.Get(root, "federation"), terms);
        var organisations = Organisations(YamlRead.Get(root, "organisations"), errors);
        var parser = new RuleParser(terms, federation);
        var rules = YamlRead.Items(YamlRead.Get(root, "rules"), errors, "rules").Select(parser.Outbound).OfType<Rule>().ToList();
        var inbound = YamlRead.Get(root, "inbound") is { } inboundNode
            ? YamlRead.Items(inboundNode, errors, "inbound").Select(parser.Inbound).OfType<InboundRule>().ToList()
            : [];

        var ids = rules.Select(r => (r.Id, r.Line)).Concat(inbound.Select(r => (r.Id, r.Line)));
        foreach (var duplicate in ids.GroupBy(r => r.Id, StringComparer.Ordinal).Where(g => g.Count() > 1))
        {
            errors.Add(duplicate.Last().Line, $"rule id '{duplicate.Key}' is used more than once (lines {string.Join(", ", duplicate.Select(d => d.Line))})");
        }

        foreach (var type in PayloadSchema.Types.Where(t => rules.Count(r => r.Types.Contains(t)) > 64))
        {
            errors.Add(0, $"more than 64 rules name {MinimizationPolicy.TypeName(type)}; merge some");
        }

        ConflictCheck.Run(rules, errors);
        NarrativeCheck.Run(rules, errors);
        if (errors.Errors.Count > 0)
        {
            return new PolicyLoadResult(null, [.. errors.Errors.OrderBy(e => e.Line)]);
        }

        return new PolicyLoadResult(new MinimizationPolicy(id, version, CanonicalPolicy.Sha256(root), rules, inbound, organisations), []);
    }

    /// <summary>
    /// The optional list of organisation ids the deployment maintains: when present, an
    /// organisation field of a payload admits only these (docs/policy.md, "Value formats").
    /// </summary>
    private static FrozenSet<string>? Organisations(YamlNode? node, ErrorSink errors)
    {
        if (node is null)
        {
            return null;
        }

        var ids = new HashSet<string>(StringComparer.Ordinal);
        foreach (var (value, item) in YamlRead.Scalars(node, errors, "organisations"))
        {
            if (!Formats.ValueFormats.IsOrganisationId(value))
            {
                errors.Add(item, "organisations: an organisation id is 2 to 64 upper-case letters, digits and '-', starting with a letter");
            }
            else if (!ids.Add(value))
            {
                errors.Add(item, $"organisations: '{value}' is listed more than once");
            }
        }

        return ids.ToFrozenSet(StringComparer.Ordinal);
    }

    private static FrozenDictionary<string, FrozenSet<ParticipantRole>>? Federation(YamlNode? node, PolicyTerms terms)
    {
        if (node is null)
        {
            return null;
        }

        var map = YamlRead.Map(node, terms.Errors, "federation");
        if (map is null)
        {
            return null;
        }

        var participants = new Dictionary<string, FrozenSet<ParticipantRole>>(StringComparer.Ordinal);
        foreach (var (key, value) in map.Children)
        {
            var id = (key as YamlScalarNode)?.Value;
            if (!ParticipantId.TryParse(id, out _))
            {
                terms.Errors.Add(key, $"federation: '{id}' is not a participant id (like AL/NCP)");
                continue;
            }

            participants[id] = terms.Enums<ParticipantRole>(value, "role");
        }

        return participants.ToFrozenDictionary(StringComparer.Ordinal);
    }
}
