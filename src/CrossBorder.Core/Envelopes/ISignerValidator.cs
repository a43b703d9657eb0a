using System.Security.Cryptography.X509Certificates;
using CrossBorder.Core.Trust;

namespace CrossBorder.Core.Envelopes;

/// <summary>
/// The seam through which opening an envelope validates the signer's certificate path. The CLI
/// validates to explicit anchors; a gateway validates to the sender country's anchor of the
/// trust list in force.
/// </summary>
public interface ISignerValidator
{
    /// <summary>Validates the signer at <paramref name="at"/>; <paramref name="embedded"/> is untrusted path-building material.</summary>
    PathCheck Validate(X509Certificate2 signer, X509Certificate2Collection embedded, DateTimeOffset at);
}
