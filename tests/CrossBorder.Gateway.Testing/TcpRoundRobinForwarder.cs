using System.Collections.Concurrent;
using System.Net;
using System.Net.Sockets;

namespace CrossBorder.Gateway.Testing;

/// <summary>
/// A TCP load balancer in front of gateways, as an operator may run one: it accepts on 127.0.0.1
/// and pipes each connection's bytes to the next backend in turn, knowing nothing of TLS or HTTP/2,
/// so that the TLS session is between the sender and whichever gateway the connection went to.
/// </summary>
internal sealed class TcpRoundRobinForwarder : IAsyncDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly IPEndPoint[] _backends;
    private readonly int[] _connections;
    private readonly CancellationTokenSource _stop = new();
    private readonly ConcurrentBag<Task> _pipes = [];
    private readonly Task _accepting;
    private int _next;

    public TcpRoundRobinForwarder(params Uri[] backends)
    {
        _backends = [.. backends.Select(b => new IPEndPoint(IPAddress.Parse(b.Host), b.Port))];
        _connections = new int[_backends.Length];
        _listener.Start();
        _accepting = AcceptAsync();
    }

    /// <summary>Where senders dial it, as a trust list's endpoint.</summary>
    public Uri Address => new($"https://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}");

    /// <summary>How many connections went to backend <paramref name="index"/>.</summary>
    public int Connections(int index) => Volatile.Read(ref _connections[index]);

    private async Task AcceptAsync()
    {
        try
        {
            while (true)
            {
                var client = await _listener.AcceptTcpClientAsync(_stop.Token);
                var index = (int)((uint)(Interlocked.Increment(ref _next) - 1) % (uint)_backends.Length);
                Interlocked.Increment(ref _connections[index]);
                _pipes.Add(PipeAsync(client, _backends[index]));
            }
        }
        catch (Exception ex) when (ex is OperationCanceledException or ObjectDisposedException or SocketException)
        {
            // stopped
        }
    }

    /// <summary>Copies both ways until either side closes, then closes both.</summary>
    private async Task PipeAsync(TcpClient client, IPEndPoint backend)
    {
        using (client)
        using (var server = new TcpClient())
        {
            try
            {
                await server.ConnectAsync(backend, _stop.Token);
                var inbound = client.GetStream();
                var outbound = server.GetStream();
                await Task.WhenAny(inbound.CopyToAsync(outbound, _stop.Token), outbound.CopyToAsync(inbound, _stop.Token));
            }
            catch (Exception ex) when (ex is IOException or SocketException or OperationCanceledException or ObjectDisposedException)
            {
                // a side went away: the connection ends, as with a real balancer
            }
        }
    }

    public async ValueTask DisposeAsync()
    {
        await _stop.CancelAsync();
        _listener.Stop();
        await _accepting;
        await Task.WhenAll(_pipes);
        _stop.Dispose();
    }
}
