using Grpc.Net.Client.Balancer;

namespace CrossBorder.Gateway.Peers;

/// <summary>
/// The addresses of one participant's balanced channel: the trust list's endpoints, less those
/// whose health service last answered NOT_SERVING (<see cref="PeerRoute"/> publishes them).
/// </summary>
internal sealed class PeerEndpointResolver(IReadOnlyList<Uri> endpoints) : Resolver
{
    /// <summary>The URI scheme of balanced peer channels.</summary>
    public const string Scheme = "crossborder-peer";

    private readonly Lock _gate = new();
    private IReadOnlyList<BalancerAddress> _addresses = Addresses(endpoints);
    private Action<ResolverResult>? _listener;

    /// <summary>Replaces the addresses the channel balances over.</summary>
    public void Publish(IEnumerable<Uri> endpoints)
    {
        Action<ResolverResult>? listener;
        IReadOnlyList<BalancerAddress> addresses;
        lock (_gate)
        {
            _addresses = addresses = Addresses(endpoints);
            listener = _listener;
        }

        listener?.Invoke(ResolverResult.ForResult(addresses));
    }

    public override void Start(Action<ResolverResult> listener)
    {
        IReadOnlyList<BalancerAddress> addresses;
        lock (_gate)
        {
            _listener = listener;
            addresses = _addresses;
        }

        listener(ResolverResult.ForResult(addresses));
    }

    private static BalancerAddress[] Addresses(IEnumerable<Uri> endpoints) => [.. endpoints.Select(e => new BalancerAddress(e.Host, e.Port))];

    /// <summary>Hands the channel its one resolver.</summary>
    public sealed class Factory(PeerEndpointResolver resolver) : ResolverFactory
    {
        public override string Name => Scheme;

        public override Resolver Create(ResolverOptions options) => resolver;
    }
}
