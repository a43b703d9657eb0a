using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;

namespace CrossBorder.Core.Tests.Envelopes;

/// <summary>A certificate with its private key, as a signer or recipient uses it.</summary>
public sealed record TestIdentity(X509Certificate2 Certificate, AsymmetricAlgorithm Key, string CertificatePath, string KeyPath);
