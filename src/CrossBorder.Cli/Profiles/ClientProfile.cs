namespace CrossBorder.Cli.Profiles;

/// <summary>
/// How a local client reaches its gateway: written by <c>dev-pki init</c> per local role, read by
/// the client commands. Relative paths are relative to the profile file's folder.
/// </summary>
internal sealed class ClientProfile
{
    /// <summary>The gateway's local face, e.g. <c>https://127.0.0.1:47102</c>.</summary>
    public string Gateway { get; set; } = "";

    public string Participant { get; set; } = "";

    public string Role { get; set; } = "";

    /// <summary>The client certificate (from the gateway's local CA).</summary>
    public string Certificate { get; set; } = "";

    /// <summary>Its PKCS#8 key, mode 0600.</summary>
    public string Key { get; set; } = "";

    /// <summary>The local CA that must have issued the gateway's local server certificate.</summary>
    public string GatewayCa { get; set; } = "";
}
