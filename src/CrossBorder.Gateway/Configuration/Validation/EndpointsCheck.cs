using System.Net;
using System.Net.Sockets;

namespace CrossBorder.Gateway.Configuration.Validation;

/// <summary>
/// The two listen addresses: each an address:port, the two different, and (for a gateway about
/// to serve) each free to listen on. Not an options validator: whether a port is free depends on
/// the machine at the moment of starting, not on the options.
/// </summary>
internal static class EndpointsCheck
{
    /// <summary>The peer and local face endpoints; null for whichever has a problem. <paramref name="probePorts"/>: bind each port once to see that it is free.</summary>
    public static (IPEndPoint? Peer, IPEndPoint? Local) Check(GatewayOptions options, OptionProblems problems, bool probePorts)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(problems);
        var peer = Endpoint(options.PeerListen, nameof(options.PeerListen), problems, probePorts);
        var local = Endpoint(options.LocalListen, nameof(options.LocalListen), problems, probePorts);
        if (peer is not null && local is not null && peer.Port != 0 && peer.Equals(local))
        {
            problems.Add($"{nameof(options.PeerListen)} and {nameof(options.LocalListen)} must differ");
        }

        return (peer, local);
    }

    private static IPEndPoint? Endpoint(string value, string name, OptionProblems problems, bool probePorts)
    {
        var endpoint = problems.Required(value, name, s => IPEndPoint.TryParse(s, out var e) ? e : null, "must be an address:port such as 127.0.0.1:47101");
        if (endpoint is null || endpoint.Port == 0 || !probePorts)
        {
            return endpoint;
        }

        try
        {
            using var probe = new Socket(endpoint.AddressFamily, SocketType.Stream, ProtocolType.Tcp);
            probe.Bind(endpoint);
        }
        catch (SocketException ex)
        {
            problems.Add($"{name} {endpoint}: cannot listen there ({ex.SocketErrorCode}: port in use or address not local)");
        }

        return endpoint;
    }
}
