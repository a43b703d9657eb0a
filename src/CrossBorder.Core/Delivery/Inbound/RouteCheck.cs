using CrossBorder.Contracts.V1;
using CrossBorder.Core.Contracts;
using CrossBorder.Core.Errors;
using CrossBorder.Core.Trust;

namespace CrossBorder.Core.Delivery.Inbound;

/// <summary>
/// Checks the clear routing header before anything is decrypted: addressed to this participant,
/// sent by the TLS peer, well-formed ids and times, a known message type and schema version, a
/// usable trust list, and an exchange rule that lets this sender send this type to us.
/// </summary>
public sealed class RouteCheck(ParticipantId self, TrustListManager trust)
{
    /// <summary>The trust list the route was judged by, or the refusal.</summary>
    public Outcome<TrustListSnapshot> Check(ParticipantId peer, RouteHeader route)
    {
        ArgumentNullException.ThrowIfNull(peer);
        ArgumentNullException.ThrowIfNull(route);
        if (route.Recipient != self.ToString())
        {
            return new Refusal(ReasonCode.NotARecipient, "the envelope is routed to another participant");
        }

        if (route.Sender != peer.ToString())
        {
            return new Refusal(ReasonCode.SignerMismatch, "the routing sender is not the TLS peer");
        }

        if (!MessageIds.IsId(route.MessageId) || !MessageIds.IsId(route.ConversationId) || route.CreatedAt is null || route.ExpiresAt is null)
        {
            return new Refusal(ReasonCode.Malformed, "the routing header lacks well-formed ids or times");
        }

        if (route.MessageType == MessageType.Unspecified || !Enum.IsDefined(route.MessageType))
        {
            return new Refusal(ReasonCode.UnknownMessageType, $"message type {(int)route.MessageType} is unknown");
        }

        if (route.SchemaVersion != SchemaInfo.SchemaVersion)
        {
            return new Refusal(ReasonCode.UnsupportedSchemaVersion, $"schema version {route.SchemaVersion} is not supported");
        }

        TrustListSnapshot snapshot;
        try
        {
            snapshot = trust.RequireUsable();
        }
        catch (RejectedException ex)
        {
            return ex.Refusal;
        }

        var rule = ExchangeRules.Check(snapshot, peer, self, route.MessageType);
        return rule.ToRefusal() is { } refusal ? refusal : snapshot;
    }
}
