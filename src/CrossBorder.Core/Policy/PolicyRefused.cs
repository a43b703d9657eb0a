using CrossBorder.Contracts.V1;

namespace CrossBorder.Core.Policy;

/// <summary>The message must not be sent: <see cref="RuleId"/> refused it with <see cref="DetailCode"/>.</summary>
/// <param name="RuleId">The refusing rule, or <c>default-deny</c> when no rule matched.</param>
/// <param name="DetailCode">Why, e.g. <c>POLICY_PROTECTION_FLAG</c>.</param>
/// <param name="Decisions">The refusal and each missing requirement, with paths.</param>
/// <param name="Stamp">The stamp of the refusing policy.</param>
public sealed record PolicyRefused(string RuleId, string DetailCode, IReadOnlyList<Decision> Decisions, PolicyStamp Stamp)
    : PolicyOutcome(Decisions, Stamp)
{
    /// <summary>
    /// <c>POLICY_REFUSED</c> when a rule refused; <c>INVALID_FORMAT</c> when a value is not in the
    /// form its field declares (the payload validation before any rule; <see cref="RuleId"/> is then
    /// <c>payload-format</c> and each bad field has its own decision line).
    /// </summary>
    public ReasonCode Reason { get; init; } = ReasonCode.PolicyRefused;

    /// <summary>With <c>INVALID_FORMAT</c>: the path of the first bad field (never its value).</summary>
    public string? FirstPath { get; init; }

    /// <summary>The refusal as the one exception type the edges map to status codes (POLICY_REFUSED or INVALID_FORMAT).</summary>
    public Errors.RejectedException ToException() => ToRefusal().ToException();

    /// <summary>The refusal as a POLICY_REFUSED or INVALID_FORMAT <see cref="Delivery.Refusal"/>, the form the outbound pipeline answers.</summary>
    public Delivery.Refusal ToRefusal() => Reason == ReasonCode.InvalidFormat
        ? new(Reason, $"{Decisions.Count(d => d.FieldPath.Length > 0)} field(s) not in their declared form, first {FirstPath} ({DetailCode})")
        : new(Reason, $"rule {RuleId} refuses the message ({DetailCode})");
}
