using System.Security.Cryptography.X509Certificates;
using CrossBorder.Core.Trust;
using CrossBorder.Core.Trust.PathValidation;

namespace CrossBorder.Core.Envelopes;

/// <summary>
/// Validates a signer to explicit anchors exactly as <c>trust verify --purpose signing</c> does
/// (RFC 5280 with the profile's rules; what <c>cms open --anchor</c> uses): with CRLs, every
/// non-anchor certificate of the path must be covered by a current one.
/// </summary>
public sealed class AnchoredSignerValidator(
    X509Certificate2Collection anchors, X509Certificate2Collection intermediates, IReadOnlyList<byte[]> crls) : ISignerValidator
{
    private static readonly PathValidator Validator = new();

    /// <inheritdoc />
    public PathCheck Validate(X509Certificate2 signer, X509Certificate2Collection embedded, DateTimeOffset at)
    {
        var untrusted = new X509Certificate2Collection(intermediates);
        untrusted.AddRange(embedded);
        return Validator.Validate(new PathValidationRequest(signer, [.. anchors], at)
        {
            Intermediates = [.. untrusted],
            Crls = crls,
            Purpose = CertificatePurpose.Signing,
        }).Check;
    }
}
