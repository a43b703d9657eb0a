using System.Net.Sockets;
using Org.BouncyCastle.Tls;
using Org.BouncyCastle.Tls.Crypto.Impl.BC;

namespace CrossBorder.Benchmarks;

/// <summary>A TCP connection with its TLS session, open until disposed.</summary>
internal sealed class TlsConnection : IDisposable
{
    // The HTTP/2 client preface and an empty SETTINGS frame: Kestrel answers with its own settings.
    private static readonly byte[] Preface = [.. "PRI * HTTP/2.0\r\n\r\nSM\r\n\r\n"u8, 0, 0, 0, 4, 0, 0, 0, 0, 0];

    private readonly TcpClient _tcp;
    private readonly TlsClientProtocol _protocol;

    private TlsConnection(TcpClient tcp, TlsClientProtocol protocol)
    {
        _tcp = tcp;
        _protocol = protocol;
    }

    /// <summary>Connects, handshakes, sends the HTTP/2 preface and reads the gateway's first answer: settings when accepted, an alert or a close when refused.</summary>
    public static TlsConnection Open(Uri endpoint, BcTlsCrypto crypto, TlsClientIdentity identity, bool expectAccepted)
    {
        var tcp = new TcpClient { NoDelay = true };
        tcp.Connect(endpoint.Host, endpoint.Port);
        var protocol = new TlsClientProtocol(tcp.GetStream());
        var connection = new TlsConnection(tcp, protocol);
        bool accepted;
        try
        {
            protocol.Connect(new BenchTlsClient(crypto, identity));
            protocol.Stream.Write(Preface);
            protocol.Stream.Flush();
            accepted = protocol.Stream.Read(new byte[64]) > 0;
        }
        catch (IOException)
        {
            accepted = false; // TlsFatalAlertReceived and a closed connection alike: the gateway refused
        }

        if (accepted != expectAccepted)
        {
            connection.Dispose();
            throw new InvalidOperationException($"the handshake was {(accepted ? "accepted" : "refused")}, expected the opposite");
        }

        return connection;
    }

    public void Dispose()
    {
        try
        {
            _protocol.Close();
        }
        catch (IOException)
        {
            // already closed by the gateway
        }

        _tcp.Dispose();
    }
}
