using CrossBorder.Cli.DevPki;
using CrossBorder.Cli.Profiles;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Contracts;
using CrossBorder.Core.Trust;
using CrossBorder.Gateway.Configuration;
using Grpc.Net.Client;

namespace CrossBorder.Gateway.Testing;

/// <summary>
/// A dev federation of its own whose trust list names ports that were free when it was made,
/// so that its gateways find each other through the trust list exactly as deployed gateways
/// do. Exchange tests start the gateways they need on those ports, with fast retries.
/// </summary>
public sealed class ExchangeFederation : IDisposable
{
    private readonly List<GrpcChannel> _channels = [];

    public ExchangeFederation()
    {
        Root = Directory.CreateTempSubdirectory("crossborder-exchange-").FullName;
        Layout = new DevFederationLayout(Root);
        BasePort = FreePorts.BasePort();
        new DevFederationBuilder(Layout, TimeProvider.System, BasePort).Build();
    }

    public string Root { get; }

    public int BasePort { get; }

    internal DevFederationLayout Layout { get; }

    public string ConfigPath(string participant) => Layout.GatewayConfig(ParticipantId.Parse(participant));

    /// <summary>Fast retries and a private data folder per start label, so that tests do not share state unless they mean to.</summary>
    internal static Action<GatewayOptions> Fast(string dataDirectory, Action<GatewayOptions>? more = null) => options =>
    {
        options.DataDirectory = dataDirectory;
        options.RetryInitialSeconds = 0.2;
        options.RetryMaxSeconds = 1;
        options.DeliveryTimeoutSeconds = 10;
        options.DatabaseSynchronous = "NORMAL";
        more?.Invoke(options);
    };

    /// <summary>Starts a participant's gateway on its trust-list ports with its state in <paramref name="dataDirectory"/>.</summary>
    internal Task<TestGateway> StartAsync(string participant, string dataDirectory, Action<GatewayOptions>? more = null) =>
        TestGateway.StartAsync(ConfigPath(participant), keepPorts: true, Fast(dataDirectory, more));

    /// <summary>A local client of a participant's gateway with the role's profile; at <paramref name="gateway"/> instead of the profile's address (one replica of several) when given.</summary>
    internal LocalExchange.LocalExchangeClient Client(string participant, string role, Uri? gateway = null)
    {
        var profile = LocalChannel.ReadProfile(Layout.ClientProfile(ParticipantId.Parse(participant), role));
        if (gateway is not null)
        {
            profile.Gateway = gateway.ToString();
        }

        var channel = LocalChannel.Create(profile, TimeProvider.System, SchemaInfo.DefaultMaxEnvelopeBytes);
        lock (_channels)
        {
            _channels.Add(channel);
        }

        return new LocalExchange.LocalExchangeClient(channel);
    }

    public void Dispose()
    {
        foreach (var channel in _channels)
        {
            channel.Dispose();
        }

        if (Directory.Exists(Root))
        {
            Directory.Delete(Root, recursive: true);
        }
    }
}
