using CrossBorder.Core.Errors;
using CrossBorder.Core.Trust;

namespace CrossBorder.Core.Delivery.Outbound;

/// <summary>
/// The send-side route check: a usable trust list in force, and an exchange rule that lets this
/// participant send this message type to the recipient.
/// </summary>
public sealed class SendRoute(ParticipantId self, TrustListManager trust)
{
    /// <summary>The participant that sends.</summary>
    public ParticipantId Self => self;

    /// <summary>The trust list the route was judged by, or the refusal (TRUST_LIST_STALE, NOT_AUTHORIZED, ...).</summary>
    public Outcome<TrustListSnapshot> Check(SubmitTarget target)
    {
        ArgumentNullException.ThrowIfNull(target);
        TrustListSnapshot snapshot;
        try
        {
            snapshot = trust.RequireUsable();
        }
        catch (RejectedException ex)
        {
            return ex.Refusal;
        }

        var rule = ExchangeRules.Check(snapshot, self, target.Recipient, target.Type);
        return rule.ToRefusal() is { } refusal ? refusal : snapshot;
    }
}
