namespace CrossBorder.Gateway.Configuration;

/// <summary>A certificate file, its PKCS#8 key file and (optionally) a PEM file of issuing CA certificates.</summary>
public sealed class CertificateFiles
{
    /// <summary>Certificate, PEM or DER.</summary>
    public string Certificate { get; set; } = "";

    /// <summary>PKCS#8 private key, PEM or DER, mode 0600.</summary>
    public string Key { get; set; } = "";

    /// <summary>Intermediate CA certificates to present with the certificate.</summary>
    public string? Chain { get; set; }
}
