namespace CrossBorder.Conformance.Target;

/// <summary>A certificate, its private key and the chain to present, as paths in a conformance profile.</summary>
internal sealed class ProfileFiles
{
    public string Certificate { get; set; } = "";

    /// <summary>PKCS#8 PEM; the harness only ever holds the sender's keys, never the target's.</summary>
    public string Key { get; set; } = "";

    /// <summary>The issuing CA certificate(s) to present with the certificate; optional.</summary>
    public string Chain { get; set; } = "";
}
