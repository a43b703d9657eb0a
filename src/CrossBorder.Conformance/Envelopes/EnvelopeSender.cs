using CrossBorder.Core.Envelopes;
using CrossBorder.Core.Trust;

namespace CrossBorder.Conformance.Envelopes;

/// <summary>Who seals: a participant, its signing identity and legal basis, and the trust list it judges exchanges by.</summary>
internal sealed record EnvelopeSender(ParticipantId Participant, SigningIdentity Signing, TrustListSnapshot Trust, string LegalBasis);
