using CrossBorder.Contracts.V1;

namespace CrossBorder.Core.Delivery.Inbound;

/// <summary>
/// Judges an authenticated message's times: not created beyond the clock skew in the future, not
/// expired on arrival, and a lifetime no longer than this gateway accepts. A stale message gets a
/// signed REJECTED receipt with STALE.
/// </summary>
public sealed class Freshness(DeliverySettings settings)
{
    /// <summary>Null when fresh; STALE otherwise.</summary>
    public Refusal? Check(RouteHeader route, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(route);
        var created = route.CreatedAt.ToDateTimeOffset();
        var expires = route.ExpiresAt.ToDateTimeOffset();
        if (created > now + settings.ClockSkew)
        {
            return new Refusal(ReasonCode.Stale, "created in the future beyond the allowed clock skew");
        }

        if (now > expires)
        {
            return new Refusal(ReasonCode.Stale, "the message expired before it arrived");
        }

        return expires - created > settings.MaxMessageLifetime || expires <= created
            ? new Refusal(ReasonCode.Stale, "the message's lifetime exceeds what this gateway accepts")
            : null;
    }
}
