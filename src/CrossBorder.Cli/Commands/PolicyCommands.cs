using System.CommandLine;
using System.Globalization;
using System.Text;
using CrossBorder.Cli.DevPki;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Contracts;
using CrossBorder.Core.Policy;
using CrossBorder.Core.Trust;
using Google.Protobuf;

namespace CrossBorder.Cli.Commands;

/// <summary>
/// <c>crossborder policy check|explain</c>: validate a minimization policy, and show what it does
/// to one payload for one recipient and purpose (docs/policy.md).
/// </summary>
internal static class PolicyCommands
{
    /// <summary>The explain command's pseudonym key: published on purpose, so its pseudonyms are illustrations only.</summary>
    private static readonly byte[] ExplainSecret = Encoding.UTF8.GetBytes("crossborder policy explain: illustration key, never used to send");
    private static readonly JsonFormatter Json = new(JsonFormatter.Settings.Default.WithIndentation().WithFormatDefaultValues(false));

    public static Command Create(CliContext context)
    {
        var checkPolicy = new Option<string>("--policy") { Description = "The policy file (YAML or JSON)", Required = true };
        var check = new Command("check", "Validate a policy file and list every error with its line") { checkPolicy };
        check.SetAction(parse => Check(context, parse.GetRequiredValue(checkPolicy)));

        var policy = new Option<string?>("--policy") { Description = "The policy file; the shipped default policy when omitted" };
        var type = new Option<string>("--type") { Description = "Message type, e.g. RETURN_PLAN", Required = true };
        var to = new Option<string>("--to") { Description = "Recipient participant, e.g. AL/NCP", Required = true };
        var toRoles = new Option<string?>("--to-roles") { Description = "The recipient's roles, e.g. NCP,CHILD_PROTECTION (default: its roles in the dev federation)" };
        var from = new Option<string>("--from") { Description = "Sending participant", DefaultValueFactory = _ => "IT/NCP" };
        var fromRoles = new Option<string?>("--from-roles") { Description = "The sender's roles (default: its roles in the dev federation)" };
        var purpose = new Option<string>("--purpose") { Description = "Purpose, e.g. RETURN_COORDINATION", Required = true };
        var payload = new Option<string>("--payload") { Description = "The payload as protobuf JSON (crossborder.v1.CasePayload)", Required = true };
        var at = new Option<string?>("--at") { Description = "Evaluate at this time (2026-11-28T10:00:00Z); default now" };
        var explain = new Command("explain", "Print the minimized payload and the decision table; exit 1 when the policy refuses the message")
        {
            policy, type, to, toRoles, from, fromRoles, purpose, payload, at,
        };
        explain.SetAction(parse => Explain(context, new ExplainArguments(
            parse.GetValue(policy), parse.GetRequiredValue(type), parse.GetRequiredValue(to), parse.GetValue(toRoles),
            parse.GetRequiredValue(from), parse.GetValue(fromRoles), parse.GetRequiredValue(purpose), parse.GetRequiredValue(payload), parse.GetValue(at))));

        return new Command("policy", "Check and explain data-minimization policies") { check, explain };
    }

    private static int Check(CliContext context, string path)
    {
        if (!File.Exists(path))
        {
            throw new UsageException($"--policy {path}: cannot read the file");
        }

        var result = PolicyLoader.LoadFile(path);
        if (result.Policy is not { } loaded)
        {
            foreach (var error in result.Errors)
            {
                context.Error.WriteLine(error.ToString());
            }

            context.Error.WriteLine($"invalid: {result.Errors.Count} error(s); the policy would not be put in force");
            return ExitCodes.Rejected;
        }

        context.Out.WriteLine($"valid: {loaded.Id} version {loaded.Version}, {loaded.Rules.Count} rules, sha256 {Convert.ToHexStringLower(loaded.Sha256)}");
        return ExitCodes.Ok;
    }

    private static int Explain(CliContext context, ExplainArguments args)
    {
        var policy = LoadPolicy(context, args.Policy);
        var type = Parse<MessageType>("--type", args.Type);
        var purpose = Parse<Purpose>("--purpose", args.Purpose);
        var recipient = Participant("--to", args.To);
        var sender = Participant("--from", args.From);
        // The reader `send` uses: the same payload is read, and refused, the same way by both.
        var payload = ExchangeCommands.ReadPayload(args.Payload);

        if ((int)payload.BodyCase != (int)type)
        {
            throw new UsageException($"--payload {args.Payload}: the payload is not a {ProtoEnumNames<MessageType>.Name(type)}");
        }

        var now = InputFiles.Time(args.At) ?? context.Time.GetUtcNow();
        var evaluation = new PolicyContext(type, sender, Roles("--from-roles", args.FromRoles, sender), recipient, Roles("--to-roles", args.ToRoles, recipient), purpose, now);
        var outcome = policy.Evaluate(payload, evaluation, new DerivedPseudonymKeySource(ExplainSecret, "explain"));
        if (outcome is PolicyAllowed allowed)
        {
            context.Out.WriteLine(Json.Format(allowed.Payload));
            context.Out.WriteLine();
        }

        context.Out.Write(Table(outcome, policy));
        return outcome is PolicyRefused refused ? throw refused.ToException() : ExitCodes.Ok;
    }

    private static MinimizationPolicy LoadPolicy(CliContext context, string? path)
    {
        if (path is null)
        {
            return PolicyLoader.LoadDefault();
        }

        if (!File.Exists(path))
        {
            throw new UsageException($"--policy {path}: cannot read the file");
        }

        var result = PolicyLoader.LoadFile(path);
        foreach (var error in result.Errors)
        {
            context.Error.WriteLine(error.ToString());
        }

        return result.Policy ?? throw new UsageException($"--policy {path}: the policy is invalid (run 'crossborder policy check')");
    }

    private static string Table(PolicyOutcome outcome, MinimizationPolicy policy)
    {
        var text = new StringBuilder();
        var culture = CultureInfo.InvariantCulture;
        text.AppendLine(culture, $"policy {policy.Id} version {policy.Version}, sha256 {Convert.ToHexStringLower(policy.Sha256)}");
        text.AppendLine(culture, $"{"field",-56} {"action",-17} {"rule",-40} detail");
        foreach (var decision in outcome.Decisions)
        {
            var field = decision.FieldPath.Length == 0 ? "(message)" : decision.FieldPath;
            text.AppendLine(culture, $"{field,-56} {decision.Action,-17} {decision.RuleId,-40} {decision.DetailCode}");
        }

        var removed = outcome.Decisions.Count(d => d.Action == DecisionActions.Removed);
        var summary = outcome is PolicyRefused r
            ? $"refused by {r.RuleId} ({r.DetailCode}): the message would not be sent"
            : $"may be sent: {removed} field(s) removed, {outcome.Decisions.Count - removed} transformed";
        text.AppendLine(summary);
        return text.ToString();
    }

    private static T Parse<T>(string option, string text)
        where T : struct, Enum =>
        ProtoEnumNames<T>.TryParse(text, out var value)
            ? value
            : throw new UsageException($"{option} '{text}' is not one of: {string.Join(", ", ProtoEnumNames<T>.Defined.Select(ProtoEnumNames<T>.Name))}");

    private static ParticipantId Participant(string option, string text) =>
        ParticipantId.TryParse(text, out var id) ? id : throw new UsageException($"{option} '{text}' is not a participant id (like AL/NCP)");

    private static HashSet<ParticipantRole> Roles(string option, string? text, ParticipantId participant)
    {
        if (text is not null)
        {
            return [.. text.Split(',', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries).Select(r => Parse<ParticipantRole>(option, r))];
        }

        var dev = DevFederationSpec.Participants.FirstOrDefault(p => p.Id == participant.ToString())
            ?? throw new UsageException($"{participant} is not in the dev federation: give its roles with {option}");
        return [.. dev.Roles];
    }

    private sealed record ExplainArguments(
        string? Policy, string Type, string To, string? ToRoles, string From, string? FromRoles, string Purpose, string Payload, string? At);
}
