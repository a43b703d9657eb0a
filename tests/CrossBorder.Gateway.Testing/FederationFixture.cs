using CrossBorder.Cli.DevPki;
using CrossBorder.Core.Trust;

namespace CrossBorder.Gateway.Testing;

/// <summary>
/// One dev federation (three countries, six participants) built once for every test of the
/// shared-federation collection, in its own temporary folder. Tests read it and never
/// change it: a test that needs different files writes them into its own temporary folder.
/// </summary>
public sealed class FederationFixture : IDisposable
{
    public FederationFixture()
    {
        Root = Directory.CreateTempSubdirectory("crossborder-federation-").FullName;
        Layout = new DevFederationLayout(Root);
        new DevFederationBuilder(Layout, TimeProvider.System).Build();
    }

    public string Root { get; }

    internal DevFederationLayout Layout { get; }

    public string ConfigPath(string participant) => Layout.GatewayConfig(ParticipantId.Parse(participant));

    /// <summary>A file of a participant, e.g. <c>ParticipantFile("IT/NCP", "tls.crt")</c>.</summary>
    public string ParticipantFile(string participant, params string[] parts) =>
        Path.Combine([Layout.ParticipantDirectory(ParticipantId.Parse(participant)), .. parts]);

    /// <summary>A file of a country's PKI, e.g. <c>CountryFile("IT", "intermediate-ca.key")</c>.</summary>
    public string CountryFile(string country, string name) => Path.Combine(Layout.CountryDirectory(country), name);

    public string ClientProfile(string participant, string role) => Layout.ClientProfile(ParticipantId.Parse(participant), role);

    public void Dispose()
    {
        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }
    }
}
