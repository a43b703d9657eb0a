using System.Security.Cryptography.X509Certificates;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Trust;

namespace CrossBorder.Core.Envelopes;

/// <summary>An envelope that was decrypted, verified, path-validated and bound to its routing header.</summary>
/// <param name="Route">The clear routing header (equal to the signed one).</param>
/// <param name="Header">The signed inner header.</param>
/// <param name="Payload">The case payload.</param>
/// <param name="Sender">The participant that signed it (equal to the route's sender).</param>
/// <param name="SignerCertificate">The signing certificate; shared with a parse cache, so do not dispose it.</param>
/// <param name="SigningTime">The signed signing time.</param>
public sealed record OpenedEnvelope(
    RouteHeader Route,
    InnerHeader Header,
    CasePayload Payload,
    ParticipantId Sender,
    X509Certificate2 SignerCertificate,
    DateTimeOffset SigningTime);
