using System.Net;

namespace CrossBorder.Gateway.Configuration;

/// <summary>The operations face as configured and checked.</summary>
/// <param name="Listen">Where it listens.</param>
/// <param name="Session">How long a console session lasts from sign-in.</param>
/// <param name="LoginLifetime">How long a one-time login code stays usable.</param>
/// <param name="Folder">The folder of the face's files in the data folder: login codes, the bound address.</param>
/// <param name="MetricsTokenSha256">SHA-256 of the bearer token that may scrape <c>/metrics</c>.</param>
internal sealed record OpsSettings(IPEndPoint Listen, TimeSpan Session, TimeSpan LoginLifetime, string Folder, byte[] MetricsTokenSha256)
{
    /// <summary>The folder of the operations face's files under a data folder.</summary>
    public static string FolderIn(string dataDirectory) => Path.Combine(dataDirectory, "ops");

    /// <summary>The file the running gateway writes its operations face's address to.</summary>
    public string AddressFile => AddressFileIn(Folder);

    /// <summary>The file holding the address of the operations face of the gateway whose ops folder this is.</summary>
    public static string AddressFileIn(string folder) => Path.Combine(folder, "address");
}
