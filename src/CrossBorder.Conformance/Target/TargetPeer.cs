using CrossBorder.Core.Trust;

namespace CrossBorder.Conformance.Target;

/// <summary>The target: the address dialled and the participant of the trust list its TLS certificate proved it to be.</summary>
internal sealed record TargetPeer(Uri Address, ParticipantEntry Entry)
{
    public ParticipantId Id => Entry.Id;
}
