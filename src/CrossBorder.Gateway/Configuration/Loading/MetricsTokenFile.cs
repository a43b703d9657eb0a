using System.Security.Cryptography;
using System.Text;
using CrossBorder.Core.Storage;

namespace CrossBorder.Gateway.Configuration.Loading;

/// <summary>
/// The bearer token Prometheus scrapes <c>/metrics</c> with: the configured file, or
/// <c>ops/metrics.token</c> in the data folder, created (mode 0600) at a serving gateway's first
/// start. Only its SHA-256 is kept in memory.
/// </summary>
internal static class MetricsTokenFile
{
    private const int MinimumTokenCharacters = 32;

    /// <summary>The default token file under a data folder.</summary>
    public static string DefaultPath(string dataDirectory) => Path.Combine(OpsSettings.FolderIn(dataDirectory), "metrics.token");

    /// <summary>SHA-256 of the token; null when there is a problem (reported), or when a client of the gateway finds no default file yet.</summary>
    public static byte[]? Load(GatewayOptions options, ConfigFileReader files, string dataDirectory, bool createIfMissing)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(files);
        var configured = !string.IsNullOrWhiteSpace(options.Ops.MetricsTokenFile);
        var path = configured ? files.FullPath(options.Ops.MetricsTokenFile) : DefaultPath(dataDirectory);
        var name = $"{nameof(options.Ops)}.{nameof(options.Ops.MetricsTokenFile)}";
        try
        {
            if (!configured && !File.Exists(path) && createIfMissing)
            {
                Create(path);
            }

            if (!File.Exists(path))
            {
                if (configured)
                {
                    files.Problems.Add($"{name}: file {path} does not exist");
                    return null;
                }

                // A client of the gateway (check, login) before the first start: nothing to scrape with yet.
                return new byte[32];
            }

            var token = File.ReadAllText(path).Trim();
            if (token.Length < MinimumTokenCharacters || token.Any(c => c is < '!' or > '~'))
            {
                files.Problems.Add($"{name}: {path} must hold one token of at least {MinimumTokenCharacters} printable characters");
                return null;
            }

            return SHA256.HashData(Encoding.ASCII.GetBytes(token));
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException)
        {
            files.Problems.Add($"{name}: {path} cannot be read or created ({ex.GetType().Name})");
            return null;
        }
    }

    private static void Create(string path)
    {
        PrivateFolder.Create(Path.GetDirectoryName(path)!);
        var token = Convert.ToBase64String(RandomNumberGenerator.GetBytes(32)).TrimEnd('=').Replace('+', '-').Replace('/', '_');
        var create = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            create.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var stream = new FileStream(path, create);
        using var writer = new StreamWriter(stream);
        writer.WriteLine(token);
    }
}
