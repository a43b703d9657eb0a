namespace CrossBorder.Core.KeyRings;

/// <summary>A certificate file (PEM or DER) and its private key file (PEM).</summary>
/// <param name="CertificatePath">The certificate file, full path.</param>
/// <param name="KeyPath">The private key file, full path.</param>
public sealed record KeyFilePair(string CertificatePath, string KeyPath);
