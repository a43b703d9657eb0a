using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;

namespace CrossBorder.Cli.DevPki;

/// <summary>
/// A base port for a dev federation whose ports are free now, so that its gateways can listen where
/// its trust list says (tests and the bench build federations beside whatever else runs).
/// </summary>
internal static class FreePorts
{
    /// <summary>A base port (a multiple of 100 between 20000 and 50000) whose 59 ports above are free now (the dev federation uses base+1 … base+52).</summary>
    public static int BasePort()
    {
        for (var attempt = 0; attempt < 200; attempt++)
        {
            var candidate = RandomNumberGenerator.GetInt32(200, 500) * 100;
            if (Enumerable.Range(candidate + 1, 59).All(IsFree))
            {
                return candidate;
            }
        }

        throw new InvalidOperationException("no free range of 60 loopback ports found between 20000 and 50000");
    }

    private static bool IsFree(int port)
    {
        try
        {
            using var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
            socket.Bind(new IPEndPoint(IPAddress.Loopback, port));
            return true;
        }
        catch (SocketException)
        {
            return false;
        }
    }
}
