using CrossBorder.Contracts.V1;

namespace CrossBorder.Core.Policy;

/// <summary>
/// The inbound verdict on an opened payload: accepted, or refused by <see cref="RuleId"/> with
/// <see cref="DetailCode"/> and, where a field is at fault, its path (never its value).
/// </summary>
/// <param name="Accepted">Whether the recipient accepts the message.</param>
/// <param name="RuleId">The refusing inbound rule.</param>
/// <param name="DetailCode">Why.</param>
/// <param name="FieldPath">The offending field, e.g. <c>identity_confirmation_request.data_subject_category</c>.</param>
/// <param name="Reason"><c>POLICY_REFUSED</c> for an inbound rule; <c>INVALID_FORMAT</c> for a value not in its declared form.</param>
public sealed record InboundVerdict(bool Accepted, string? RuleId, string? DetailCode, string? FieldPath, ReasonCode Reason = ReasonCode.PolicyRefused)
{
    /// <summary>Accepted: no inbound rule refuses the message.</summary>
    public static readonly InboundVerdict Accept = new(true, null, null, null);

    /// <summary>The refusal as a POLICY_REFUSED or INVALID_FORMAT rejection (for receipts and the peer face).</summary>
    public Errors.RejectedException ToException() => ToRefusal().ToException();

    /// <summary>The refusal as a POLICY_REFUSED or INVALID_FORMAT <see cref="Delivery.Refusal"/>, the form the inbound pipeline answers.</summary>
    public Delivery.Refusal ToRefusal() => Reason == ReasonCode.InvalidFormat
        ? new(Reason, $"a field is not in its declared form ({DetailCode} at {FieldPath})")
        : new(Reason, $"inbound rule {RuleId} refuses the message ({DetailCode}{(FieldPath is null ? "" : $" at {FieldPath}")})");
}
