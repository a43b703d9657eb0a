using System.Collections.Concurrent;
using System.Collections.Frozen;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Contracts;
using CrossBorder.Core.Policy.Formats;
using Google.Protobuf;

namespace CrossBorder.Core.Policy;

/// <summary>
/// A validated minimization policy: an immutable snapshot that is either wholly in force or not
/// at all. <see cref="Evaluate"/> minimizes an outgoing payload (deny by default) or refuses it;
/// <see cref="EvaluateInbound"/> judges an opened one. Both first validate every value of the
/// payload against its declared format (<c>INVALID_FORMAT</c>) before any rule sees it.
/// Thread-safe; plans are compiled once per combination of applicable rules and cached.
/// </summary>
public sealed class MinimizationPolicy
{
    private readonly FrozenDictionary<MessageType, Rule[]> _rulesByType;
    private readonly FrozenDictionary<MessageType, ulong> _allowing;
    private readonly IReadOnlyList<InboundRule> _inbound;
    private readonly byte[] _sha256;
    private readonly ByteString _sha256Bytes;
    private readonly FrozenSet<string>? _organisations;
    private readonly ConcurrentDictionary<(MessageType, ulong, ulong), MessagePlan> _plans = new();

    internal MinimizationPolicy(
        string id, string version, byte[] sha256, IReadOnlyList<Rule> rules, IReadOnlyList<InboundRule> inbound, FrozenSet<string>? organisations = null)
    {
        _organisations = organisations;
        Id = id;
        Version = version;
        _sha256 = sha256;
        _sha256Bytes = ByteString.CopyFrom(sha256);
        Rules = rules;
        _inbound = inbound;
        _rulesByType = PayloadSchema.Types.ToFrozenDictionary(t => t, t => rules.Where(r => r.Types.Contains(t)).ToArray());

        // A message may go only when a rule that allows fields applies: rules that only drop,
        // transform or require never make a message sendable on their own.
        _allowing = _rulesByType.ToFrozenDictionary(kv => kv.Key, kv => kv.Value
            .Select((r, i) => r.AllowPaths.Count + r.AllowClasses.Count > 0 ? 1UL << i : 0UL)
            .Aggregate(0UL, (a, b) => a | b));
    }

    /// <summary>The policy's id, e.g. <c>crossborder-default</c>.</summary>
    public string Id { get; }

    /// <summary>The policy's version as written in the file.</summary>
    public string Version { get; }

    /// <summary>SHA-256 of the canonical form (see docs/policy.md).</summary>
    public ReadOnlySpan<byte> Sha256 => _sha256;

    /// <summary>A fresh copy of the stamp to put into the signed inner header.</summary>
    public PolicyStamp Stamp => new() { Id = Id, Version = Version, Sha256 = _sha256Bytes };

    internal IReadOnlyList<Rule> Rules { get; }

    /// <summary>The organisation ids the policy file lists; null when it lists none (any well-formed id passes).</summary>
    internal FrozenSet<string>? Organisations => _organisations;


    /// <summary>
    /// Minimizes <paramref name="payload"/> for the recipient and purpose of <paramref name="context"/>.
    /// The input is not changed. Conditions are judged on the payload as submitted.
    /// </summary>
    public PolicyOutcome Evaluate(CasePayload payload, PolicyContext context, IPseudonymKeySource keys)
    {
        ArgumentNullException.ThrowIfNull(payload);
        ArgumentNullException.ThrowIfNull(context);
        ArgumentNullException.ThrowIfNull(keys);
        var type = context.MessageType;
        if (PayloadSchema.TypeOf(payload) != type || !PayloadSchema.IsKnown(type))
        {
            return Refuse(PolicyDetailCodes.DefaultDenyRule, "POLICY_TYPE_MISMATCH", "");
        }

        if (PayloadValidator.Validate(payload, _organisations) is { Count: > 0 } problems)
        {
            return Invalid(problems);
        }

        if (StatisticsValidation.Check(payload, context) is { } statistics)
        {
            return Refuse(PolicyDetailCodes.StatisticsRule, statistics.Detail, statistics.Path);
        }

        var rules = _rulesByType[type];
        var body = (IMessage)PayloadSchema.Body(type).Accessor.GetValue(payload);
        ulong matched = 0, gated = 0;
        for (var i = 0; i < rules.Length; i++)
        {
            var rule = rules[i];
            if (!rule.Matches(context))
            {
                continue;
            }

            if (rule.When is null || rule.When.Holds(body, context))
            {
                if (rule.Refuse is { } refusal)
                {
                    return Refuse(rule.Id, refusal, "");
                }

                matched |= 1UL << i;
            }
            else
            {
                gated |= 1UL << i;
            }
        }

        // An explicit refusal of an applicable rule says more than default-deny: it is judged even
        // when no rule allows the message, and wins over POLICY_NO_RULE.
        var sendable = (matched & _allowing[type]) != 0;
        if (Conditions(rules, matched, body, context, sendable) is { } refused)
        {
            return refused;
        }

        if (!sendable)
        {
            return Refuse(PolicyDetailCodes.DefaultDenyRule, PolicyDetailCodes.NoRule, "");
        }

        var plan = _plans.GetOrAdd(
            (type, matched, gated), static (key, all) => PlanCompiler.Compile(key.Item1, Select(all, key.Item2), Select(all, key.Item3)), rules);
        // Unknown fields are refused at every entry before this, and EnvelopeSealer refuses to sign
        // content holding one: a clone (a third of the cost of a rebuild) is safe here.
        var copy = payload.Clone();
        var walker = new PayloadWalker(context, keys);
        walker.Walk((IMessage)PayloadSchema.Body(type).Accessor.GetValue(copy), plan);
        return new PolicyAllowed(copy, walker.Decisions, Stamp);
    }

    /// <summary>
    /// Judges an opened payload against the inbound rules of the receiving participant
    /// (<see cref="PolicyContext.Recipient"/>): accepted unless a matching inbound rule refuses it.
    /// </summary>
    public InboundVerdict EvaluateInbound(CasePayload payload, PolicyContext context)
    {
        ArgumentNullException.ThrowIfNull(payload);
        ArgumentNullException.ThrowIfNull(context);
        if (PayloadSchema.TypeOf(payload) == context.MessageType && PayloadValidator.Validate(payload, _organisations) is { Count: > 0 } problems)
        {
            return new InboundVerdict(false, FormatDetailCodes.Rule, problems[0].DetailCode, problems[0].Path, ReasonCode.InvalidFormat);
        }

        return InboundEvaluator.Evaluate(_inbound, payload, context);
    }

    /// <summary>The refusal of a payload with values not in their declared form: one line per bad field, reason INVALID_FORMAT.</summary>
    private PolicyRefused Invalid(IReadOnlyList<FormatProblem> problems)
    {
        var first = problems[0].DetailCode;
        var lines = new List<Decision>(problems.Count + 1) { Line("", DecisionActions.Refused, FormatDetailCodes.Rule, first, ReasonCode.InvalidFormat) };
        lines.AddRange(problems.Select(p => Line(p.Path, DecisionActions.Refused, FormatDetailCodes.Rule, p.DetailCode, ReasonCode.InvalidFormat)));
        return new PolicyRefused(FormatDetailCodes.Rule, first, lines, Stamp) { Reason = ReasonCode.InvalidFormat, FirstPath = problems[0].Path };
    }

    /// <summary>
    /// The refusing flags and failed requirements of the applicable rules, every one reported. A flag
    /// that holds names the refusal before a missing requirement (a flag says the message must not go;
    /// a requirement says what it lacks), each in rule order; when no rule allows the message at all,
    /// the default-deny line is reported beside them.
    /// </summary>
    private PolicyRefused? Conditions(Rule[] rules, ulong matched, IMessage body, PolicyContext context, bool sendable)
    {
        // Plain loops and a report list made only when needed: this runs on every evaluation.
        List<Decision>? decisions = null;
        (string Rule, string Detail)? firstFlag = null, firstRequirement = null;
        for (var i = 0; i < rules.Length; i++)
        {
            if ((matched & (1UL << i)) == 0)
            {
                continue;
            }

            var rule = rules[i];
            for (var j = 0; j < rule.RefuseWhens.Count; j++)
            {
                var flag = rule.RefuseWhens[j];
                if (!flag.When.Holds(body, context))
                {
                    continue;
                }

                firstFlag ??= (rule.Id, flag.Detail);
                foreach (var path in Blamed(flag.When, body, context))
                {
                    (decisions ??= []).Add(Line(path, DecisionActions.Refused, rule.Id, flag.Detail));
                }
            }

            for (var j = 0; j < rule.Requires.Count; j++)
            {
                var requirement = rule.Requires[j];
                if ((requirement.If is not null && !requirement.If.Holds(body, context)) || requirement.Check.Holds(body, context))
                {
                    continue;
                }

                firstRequirement ??= (rule.Id, requirement.Detail);
                foreach (var path in Blamed(requirement.Check, body, context))
                {
                    (decisions ??= []).Add(Line(path, DecisionActions.RequiredMissing, rule.Id, requirement.Detail));
                }
            }
        }

        if ((firstFlag ?? firstRequirement) is not { } f)
        {
            return null;
        }

        decisions ??= [];
        if (!sendable)
        {
            decisions.Add(Line("", DecisionActions.Refused, PolicyDetailCodes.DefaultDenyRule, PolicyDetailCodes.NoRule));
        }

        return new PolicyRefused(f.Rule, f.Detail, [Line("", DecisionActions.Refused, f.Rule, f.Detail), .. decisions.Distinct()], Stamp);
    }

    /// <summary>The paths a predicate names (for a flag that holds: its fields; for a failed check: the parts that fail).</summary>
    private static IEnumerable<string> Blamed(Predicate predicate, IMessage body, PolicyContext context)
    {
        var paths = new List<string>();
        predicate.Blame(body, context, paths);
        var prefix = PayloadSchema.Body(context.MessageType).Name;
        return paths.Select(p => p.StartsWith('(') ? p : $"{prefix}.{p}").Distinct(StringComparer.Ordinal);
    }

    private PolicyRefused Refuse(string rule, string detail, string path) =>
        new(rule, detail, [Line(path, DecisionActions.Refused, rule, detail)], Stamp);

    private static Decision Line(string path, string action, string rule, string detail, ReasonCode reason = ReasonCode.PolicyRefused) =>
        new() { FieldPath = path, Action = action, RuleId = rule, Reason = reason, DetailCode = detail };

    private static List<Rule> Select(Rule[] rules, ulong mask)
    {
        var selected = new List<Rule>();
        for (var i = 0; i < rules.Length; i++)
        {
            if ((mask & (1UL << i)) != 0)
            {
                selected.Add(rules[i]);
            }
        }

        return selected;
    }

    /// <inheritdoc />
    public override string ToString() => $"{Id} {Version} ({Rules.Count} rules)";

    internal static string TypeName(MessageType type) => ProtoEnumNames<MessageType>.Name(type);
}
