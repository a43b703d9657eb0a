using CrossBorder.Core.Trust;

namespace CrossBorder.Cli.DevPki;

/// <summary>Where <c>dev-pki init</c> puts each file of the dev federation.</summary>
internal sealed class DevFederationLayout(string root)
{
    public string Root { get; } = Path.GetFullPath(root);

    public string OperatorCertificate => Path.Combine(Root, "operator", "operator.crt");

    public string OperatorKey => Path.Combine(Root, "operator", "operator.key");

    public string TrustList => Path.Combine(Root, "trustlist.p7s");

    /// <summary>Everything <c>dev-pki init</c> writes at the top level, so that <c>--force</c> removes exactly that.</summary>
    public IEnumerable<string> GeneratedEntries =>
        [Path.Combine(Root, "operator"), Path.Combine(Root, "countries"), Path.Combine(Root, "participants"), TrustList];

    public string CountryDirectory(string code) => Path.Combine(Root, "countries", code.ToLowerInvariant());

    public string ParticipantDirectory(ParticipantId id) => Path.Combine(Root, "participants", id.Slug);

    public string GatewayConfig(ParticipantId id) => Path.Combine(ParticipantDirectory(id), "gateway.json");

    /// <summary>The participant's conformance profile: its credentials for <c>crossborder conformance run</c>.</summary>
    public string ConformanceProfile(ParticipantId id) => Path.Combine(ParticipantDirectory(id), "conformance.json");

    public string ClientDirectory(ParticipantId id, string role) => Path.Combine(ParticipantDirectory(id), "clients", role);

    public string ClientProfile(ParticipantId id, string role) => Path.Combine(ClientDirectory(id, role), "profile.json");
}
