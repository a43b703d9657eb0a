using CrossBorder.Core.Trust;

namespace CrossBorder.Core.Policy;

/// <summary>
/// Where pseudonymization keys come from: one current key per partner link (sender, recipient).
/// A seam like the private-key source: files now, an HSM later.
/// </summary>
public interface IPseudonymKeySource
{
    /// <summary>The current key of the link from <paramref name="sender"/> to <paramref name="recipient"/>.</summary>
    PseudonymKey CurrentKey(ParticipantId sender, ParticipantId recipient);
}
