using System.Net;
using System.Net.Sockets;

namespace CrossBorder.Gateway.Configuration.Validation;

/// <summary>
/// The three listen addresses (peer, local and operations faces): each an address:port, no two
/// the same, and (for a gateway about to serve) each free to listen on. Not an options validator: whether a port is free depends on
/// the machine at the moment of starting, not on the options.
/// </summary>
internal static class EndpointsCheck
{
    /// <summary>The peer, local and operations face endpoints; null for whichever has a problem. <paramref name="probePorts"/>: bind each port once to see that it is free.</summary>
    public static (IPEndPoint? Peer, IPEndPoint? Local, IPEndPoint? Ops) Check(GatewayOptions options, OptionProblems problems, bool probePorts)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(problems);
        var peer = Endpoint(options.PeerListen, nameof(options.PeerListen), problems, probePorts);
        var local = Endpoint(options.LocalListen, nameof(options.LocalListen), problems, probePorts);
        var ops = Endpoint(options.OpsListen, nameof(options.OpsListen), problems, probePorts);
        Differ(peer, nameof(options.PeerListen), local, nameof(options.LocalListen), problems);
        Differ(peer, nameof(options.PeerListen), ops, nameof(options.OpsListen), problems);
        Differ(local, nameof(options.LocalListen), ops, nameof(options.OpsListen), problems);
        return (peer, local, ops);
    }

    private static void Differ(IPEndPoint? a, string aName, IPEndPoint? b, string bName, OptionProblems problems)
    {
        if (a is not null && b is not null && a.Port != 0 && a.Equals(b))
        {
            problems.Add($"{aName} and {bName} must differ");
        }
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
