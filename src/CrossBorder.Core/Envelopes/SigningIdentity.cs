using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CrossBorder.Core.Envelopes;

/// <summary>A participant's signing certificate, key (ECDSA P-256 or RSA for PSS) and the chain to embed.</summary>
/// <param name="Certificate">The signing certificate.</param>
/// <param name="Key">Its private key.</param>
/// <param name="Chain">Intermediate certificates embedded in the SignedData.</param>
public sealed record SigningIdentity(X509Certificate2 Certificate, AsymmetricAlgorithm Key, X509Certificate2Collection Chain);
