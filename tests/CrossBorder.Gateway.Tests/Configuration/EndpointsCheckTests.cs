using System.Net;
using System.Net.Sockets;
using CrossBorder.Gateway.Configuration;
using CrossBorder.Gateway.Configuration.Validation;

namespace CrossBorder.Gateway.Tests.Configuration;

/// <summary>The listen addresses: well-formed, different, and free when the gateway is about to serve.</summary>
public sealed class EndpointsCheckTests
{
    private readonly OptionProblems _problems = new();

    [Fact]
    public void Malformed_and_missing_addresses_are_reported_by_setting()
    {
        var (peer, local, _) = EndpointsCheck.Check(new GatewayOptions { PeerListen = "localhost", LocalListen = "" }, _problems, probePorts: false);

        Assert.Null(peer);
        Assert.Null(local);
        Assert.Equal(["PeerListen 'localhost' must be an address:port such as 127.0.0.1:47101", "LocalListen is required"], _problems.All);
    }

    [Fact]
    public void The_same_address_for_both_faces_is_reported()
    {
        EndpointsCheck.Check(new GatewayOptions { PeerListen = "127.0.0.1:47101", LocalListen = "127.0.0.1:47101" }, _problems, probePorts: false);

        Assert.Equal(["PeerListen and LocalListen must differ"], _problems.All);
    }

    [Fact]
    public void The_operations_face_needs_its_own_address()
    {
        var (_, _, ops) = EndpointsCheck.Check(
            new GatewayOptions { PeerListen = "127.0.0.1:47101", LocalListen = "127.0.0.1:47102", OpsListen = "127.0.0.1:47102" }, _problems, probePorts: false);

        Assert.Equal(47102, ops!.Port);
        Assert.Equal(["LocalListen and OpsListen must differ"], _problems.All);
    }

    [Fact]
    public void A_port_in_use_is_reported_only_when_the_gateway_is_to_serve()
    {
        using var blocker = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        blocker.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        blocker.Listen();
        var port = ((IPEndPoint)blocker.LocalEndPoint!).Port;
        var options = new GatewayOptions { PeerListen = $"127.0.0.1:{port}", LocalListen = "127.0.0.1:0" };

        var (asClient, _, _) = EndpointsCheck.Check(options, _problems, probePorts: false);
        Assert.Equal(port, asClient!.Port);
        Assert.Empty(_problems.All);

        EndpointsCheck.Check(options, _problems, probePorts: true);
        Assert.Equal([$"PeerListen 127.0.0.1:{port}: cannot listen there (AddressAlreadyInUse: port in use or address not local)"], _problems.All);
    }
}
