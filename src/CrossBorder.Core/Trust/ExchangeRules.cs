using CrossBorder.Contracts.V1;
using CrossBorder.Core.Contracts;

namespace CrossBorder.Core.Trust;

/// <summary>
/// Who may send which message type to whom, from the trust list: both participants listed,
/// the type in the sender's may-send and the recipient's may-receive, and the channels kept
/// apart — a police participant exchanges only with police participants, and
/// law-enforcement information flows only between them. The same checks serve the send side
/// and the peer face.
/// </summary>
public static class ExchangeRules
{
    /// <summary>Checks one exchange; <see cref="PathCheck.Accepted"/> or NOT_AUTHORIZED with the rule that failed.</summary>
    public static PathCheck Check(TrustListSnapshot trust, ParticipantId sender, ParticipantId recipient, MessageType type)
    {
        ArgumentNullException.ThrowIfNull(trust);
        var from = trust.Find(sender);
        var to = trust.Find(recipient);
        var name = ProtoEnumNames<MessageType>.Name(type);
        if (from is null || to is null)
        {
            return Refused($"{(from is null ? sender : recipient)} is not in the trust list");
        }

        var fromPolice = from.Roles.Contains(ParticipantRole.Police);
        var toPolice = to.Roles.Contains(ParticipantRole.Police);
        if (type == MessageType.LawEnforcementInformation && !(fromPolice && toPolice))
        {
            return Refused($"{name} flows only between police participants");
        }

        if (fromPolice != toPolice)
        {
            return Refused($"the police channel and the victim-assistance channel are kept apart ({sender} to {recipient})");
        }

        if (!from.MaySend.Contains(type))
        {
            return Refused($"{sender} may not send {name}");
        }

        return to.MayReceive.Contains(type) ? PathCheck.Accepted : Refused($"{recipient} may not receive {name}");
    }

    private static PathCheck Refused(string detail) => new(ReasonCode.NotAuthorized, detail);
}
