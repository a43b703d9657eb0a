using CrossBorder.Contracts.V1;

namespace CrossBorder.Core.Trust;

/// <summary>The outcome of a peer certificate check.</summary>
/// <param name="Participant">The participant the certificate names (also when refused, if it names one).</param>
/// <param name="Reason"><see cref="ReasonCode.Unspecified"/> when accepted.</param>
/// <param name="Detail">Why, for the server log.</param>
public sealed record PeerValidation(ParticipantId? Participant, ReasonCode Reason, string Detail)
{
    /// <summary>Whether the certificate was accepted.</summary>
    public bool IsAccepted => Reason == ReasonCode.Unspecified && Participant is not null;

    internal static PeerValidation Refused(ReasonCode reason, string detail, ParticipantId? id = null) => new(id, reason, detail);
}
