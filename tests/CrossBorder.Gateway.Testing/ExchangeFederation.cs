using CrossBorder.Cli.DevPki;
using CrossBorder.Cli.Profiles;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Contracts;
using CrossBorder.Core.Storage;
using CrossBorder.Core.Trust;
using CrossBorder.Gateway.Configuration;
using Grpc.Net.Client;
using CertificateFiles = CrossBorder.Core.Certificates.CertificateFiles;

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

    /// <summary>Starts a participant's gateway on its trust-list ports with its state in <paramref name="dataDirectory"/>; <paramref name="store"/> makes its store instead of the configured one.</summary>
    internal Task<TestGateway> StartAsync(string participant, string dataDirectory, Action<GatewayOptions>? more = null, Func<GatewayRuntime, IMessageStore>? store = null) =>
        TestGateway.StartAsync(ConfigPath(participant), keepPorts: true, Fast(dataDirectory, more), store);

    /// <summary>The port the federation's trust list gives <paramref name="participant"/>'s peer face.</summary>
    internal int PeerPort(string participant) => Trust().Find(ParticipantId.Parse(participant))!.PeerEndpoint.Port;

    /// <summary>
    /// Signs the federation's trust list again, one sequence higher, with <paramref name="participant"/>'s
    /// endpoints replaced by <paramref name="endpoints"/> (the first as peer_endpoint): replicas of
    /// one participant, or a balancer in front of them. Gateways running take it at their next file check.
    /// </summary>
    internal void SetEndpoints(string participant, params Uri[] endpoints)
    {
        using var @operator = CertificateFiles.LoadCertificateWithKey(Layout.OperatorCertificate, Layout.OperatorKey);
        var list = Trust().Document.Clone();
        list.Sequence++;
        var entry = list.Participants.Single(p => p.Id == participant);
        entry.PeerEndpoint = endpoints[0].ToString();
        entry.PeerEndpoints.Clear();
        entry.PeerEndpoints.Add(endpoints.Skip(1).Select(e => e.ToString()));
        File.WriteAllBytes(Layout.TrustList, TrustListCodec.Sign(list, @operator, TimeProvider.System));
    }

    private TrustListSnapshot Trust() =>
        TrustListCodec.Open(File.ReadAllBytes(Layout.TrustList), CertificateFiles.LoadCertificate(Layout.OperatorCertificate));

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
