namespace CrossBorder.Gateway.Configuration;

/// <summary>A local role, e.g. <c>case-worker</c>, and the message types it may submit and read.</summary>
public sealed class LocalRoleOptions
{
    /// <summary>Role name as in the client certificate's SAN URI.</summary>
    public string Name { get; set; } = "";

    /// <summary>Message type names (e.g. <c>RETURN_PLAN</c>) this role may submit.</summary>
    public List<string> MaySubmit { get; set; } = [];

    /// <summary>Message type names this role may read from the inbox.</summary>
    public List<string> MayRead { get; set; } = [];
}
