namespace CrossBorder.Core.Trust;

/// <summary>What a certificate is being validated for (CRYPTO.md, <c>trust verify --purpose</c>).</summary>
public enum CertificatePurpose
{
    /// <summary>No leaf key-usage check.</summary>
    Any,

    /// <summary>keyUsage digitalSignature or nonRepudiation.</summary>
    Signing,

    /// <summary>keyUsage keyAgreement (EC) or keyEncipherment (RSA).</summary>
    Encryption,

    /// <summary>EKU clientAuth.</summary>
    TlsClient,

    /// <summary>EKU serverAuth.</summary>
    TlsServer,
}
