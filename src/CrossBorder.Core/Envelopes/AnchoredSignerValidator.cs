using System.Security.Cryptography.X509Certificates;
using CrossBorder.Core.Trust;

namespace CrossBorder.Core.Envelopes;

/// <summary>
/// Validates a signer to explicit anchors with the <c>signing</c> purpose rules (what
/// <c>cms open --anchor</c> does); with CRLs, every non-anchor certificate of the path must be covered.
/// </summary>
public sealed class AnchoredSignerValidator(
    X509Certificate2Collection anchors, X509Certificate2Collection intermediates, IReadOnlyList<byte[]> crls) : ISignerValidator
{
    /// <inheritdoc />
    public PathCheck Validate(X509Certificate2 signer, X509Certificate2Collection embedded, DateTimeOffset at)
    {
        var untrusted = new X509Certificate2Collection(intermediates);
        untrusted.AddRange(embedded);
        var revocation = crls.Count > 0 ? new RevocationChecker(crls) : null;
        return ChainValidator.Validate(signer, anchors, untrusted, CertificatePurpose.Signing, at, revocation);
    }
}
