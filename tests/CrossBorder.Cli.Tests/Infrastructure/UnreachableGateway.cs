using System.Net;
using System.Net.Sockets;
using System.Text.Json;
using System.Text.Json.Nodes;

namespace CrossBorder.Cli.Tests.Infrastructure;

/// <summary>Client profiles whose gateway nothing answers at: the local-client commands without a gateway.</summary>
internal static class UnreachableGateway
{
    /// <summary>
    /// A copy of IT/NCP's case-worker profile (as dev-pki init wrote it, with absolute paths)
    /// in <paramref name="directory"/>, whose gateway is a loopback port that nothing listens on.
    /// </summary>
    public static (string Profile, string Address) Profile(FederationFixture federation, TempDirectory directory)
    {
        var original = federation.ClientProfile("IT/NCP", "case-worker");
        var folder = Path.GetDirectoryName(original)!;
        var profile = JsonNode.Parse(File.ReadAllText(original))!.AsObject();
        var address = $"https://127.0.0.1:{ClosedPort()}";
        profile["Gateway"] = address;
        foreach (var file in new[] { "Certificate", "Key", "GatewayCa" })
        {
            profile[file] = Path.GetFullPath(profile[file]!.GetValue<string>(), folder);
        }

        var path = directory.File($"profile-{Guid.NewGuid():N}.json");
        File.WriteAllText(path, profile.ToJsonString(new JsonSerializerOptions { WriteIndented = true }));
        return (path, address);
    }

    /// <summary>A loopback port that was free a moment ago: bound, read and released.</summary>
    private static int ClosedPort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }
}
