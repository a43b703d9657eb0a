using System.Net;
using System.Net.Sockets;

namespace CrossBorder.Gateway.Tests.Infrastructure;

/// <summary>
/// A TCP listener on 127.0.0.1, port 0, that counts the connections it receives and answers each
/// with an HTTP 404 at once (or the answer given): the address a hostile certificate points its
/// AIA and CRL URLs at, or a CRL location that redirects elsewhere.
/// </summary>
internal sealed class CountingListener : IDisposable
{
    private readonly TcpListener _listener = new(IPAddress.Loopback, 0);
    private readonly CancellationTokenSource _stop = new();
    private readonly Task _loop;
    private readonly byte[] _answer;
    private int _connections;

    public CountingListener(string answer = "HTTP/1.1 404 Not Found\r\nContent-Length: 0\r\nConnection: close\r\n\r\n")
    {
        _answer = System.Text.Encoding.ASCII.GetBytes(answer);
        _listener.Start();
        _loop = Task.Run(AcceptAsync);
    }

    public Uri Url(string path) => new($"http://127.0.0.1:{((IPEndPoint)_listener.LocalEndpoint).Port}/{path}");

    public int Connections => Volatile.Read(ref _connections);

    public void Dispose()
    {
        _stop.Cancel();
        _listener.Stop();
        try
        {
            _loop.Wait(TimeSpan.FromSeconds(5));
        }
        catch (AggregateException)
        {
            // The loop ends with the listener.
        }

        _stop.Dispose();
    }

    private async Task AcceptAsync()
    {
        while (!_stop.IsCancellationRequested)
        {
            using var client = await _listener.AcceptTcpClientAsync(_stop.Token).ConfigureAwait(false);
            Interlocked.Increment(ref _connections);
            await client.GetStream().WriteAsync(_answer, _stop.Token).ConfigureAwait(false);
        }
    }
}
