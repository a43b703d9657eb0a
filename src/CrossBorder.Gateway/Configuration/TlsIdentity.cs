using System.Security.Cryptography.X509Certificates;

namespace CrossBorder.Gateway.Configuration;

/// <summary>
/// The gateway's TLS identity towards other participants: what the peer face presents and what
/// outgoing peer calls present, so that both directions prove the same participant.
/// </summary>
/// <param name="Certificate">The TLS certificate with its private key.</param>
/// <param name="Chain">The intermediates sent with it.</param>
internal sealed record TlsIdentity(X509Certificate2 Certificate, X509Certificate2Collection Chain);
