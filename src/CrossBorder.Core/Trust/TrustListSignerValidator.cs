using System.Security.Cryptography.X509Certificates;
using CrossBorder.Core.Envelopes;

namespace CrossBorder.Core.Trust;

/// <summary>
/// A gateway's signer validation: the signing certificate must name a participant of the trust
/// list in force and chain to that participant's own country anchor, with the signing key usage.
/// </summary>
public sealed class TrustListSignerValidator(PeerCertificateValidator validator) : ISignerValidator
{
    /// <inheritdoc />
    public PathCheck Validate(X509Certificate2 signer, X509Certificate2Collection embedded, DateTimeOffset at)
    {
        var check = validator.Validate(signer, embedded, CertificatePurpose.Signing);
        return check.IsAccepted ? PathCheck.Accepted : new PathCheck(check.Reason, check.Detail);
    }
}
