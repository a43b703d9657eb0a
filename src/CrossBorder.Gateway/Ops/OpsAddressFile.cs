using System.Net;
using CrossBorder.Core.Storage;
using CrossBorder.Gateway.Configuration;

namespace CrossBorder.Gateway.Ops;

/// <summary>
/// The operations face's bound address, written at start to <c>ops/address</c> in the data folder,
/// so that <c>crossborder ops login</c> can say where to sign in even when the port was 0.
/// </summary>
internal static class OpsAddressFile
{
    public static void Write(OpsSettings ops, Uri address)
    {
        ArgumentNullException.ThrowIfNull(ops);
        ArgumentNullException.ThrowIfNull(address);
        PrivateFolder.Create(ops.Folder);
        var temporary = ops.AddressFile + ".tmp";
        File.WriteAllText(temporary, address.ToString().TrimEnd('/') + "\n");
        File.Move(temporary, ops.AddressFile, overwrite: true);
    }

    /// <summary>The address the gateway last wrote; null when it never started.</summary>
    public static Uri? Read(OpsSettings ops)
    {
        ArgumentNullException.ThrowIfNull(ops);
        return Read(ops.Listen, ops.Folder);
    }

    /// <summary>The address of a face configured to listen at <paramref name="listen"/> with its files in <paramref name="folder"/>.</summary>
    public static Uri? Read(IPEndPoint listen, string folder)
    {
        ArgumentNullException.ThrowIfNull(listen);
        if (listen.Port != 0)
        {
            return new Uri($"https://{listen}");
        }

        try
        {
            return Uri.TryCreate(File.ReadAllText(OpsSettings.AddressFileIn(folder)).Trim(), UriKind.Absolute, out var uri) && uri.Scheme == "https" ? uri : null;
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }
}
