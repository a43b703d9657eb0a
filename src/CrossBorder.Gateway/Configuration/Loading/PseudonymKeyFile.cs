using System.Security.Cryptography;
using CrossBorder.Core.Policy;
using CrossBorder.Core.Storage;
using CrossBorder.Gateway.Configuration.Validation;

namespace CrossBorder.Gateway.Configuration.Loading;

/// <summary>
/// The country secret the pseudonymization keys derive from: the configured file, or
/// <c>pseudonym.secret</c> in the data folder, created (mode 0600) at a serving gateway's first start.
/// </summary>
internal static class PseudonymKeyFile
{
    private const int MinimumSecretBytes = 32;

    /// <summary>
    /// The key source of the secret; null when there is a problem. <paramref name="createIfMissing"/>:
    /// a serving gateway makes the default secret; a client of the gateway never pseudonymizes and
    /// gets a zero secret instead of creating one.
    /// </summary>
    public static DerivedPseudonymKeySource? Load(GatewayOptions options, ConfigFileReader files, string dataDirectory, bool createIfMissing)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(files);
        if (!ExchangeSettingsValidator.IsPseudonymKeyId(options.PseudonymKeyId))
        {
            return null; // reported by the validator
        }

        var configured = !string.IsNullOrWhiteSpace(options.PseudonymSecret);
        var path = configured ? files.FullPath(options.PseudonymSecret) : Path.Combine(dataDirectory, "pseudonym.secret");
        try
        {
            if (!configured && !File.Exists(path) && createIfMissing)
            {
                Create(path, dataDirectory);
            }

            if (!File.Exists(path))
            {
                if (configured)
                {
                    files.Problems.Add($"{nameof(options.PseudonymSecret)}: file {path} does not exist");
                    return null;
                }

                return new DerivedPseudonymKeySource(new byte[MinimumSecretBytes], options.PseudonymKeyId);
            }

            var secret = Convert.FromBase64String(File.ReadAllText(path).Trim());
            if (secret.Length < MinimumSecretBytes)
            {
                files.Problems.Add($"{nameof(options.PseudonymSecret)}: {path} must hold at least 32 bytes (base64)");
                return null;
            }

            return new DerivedPseudonymKeySource(secret, options.PseudonymKeyId);
        }
        catch (Exception ex) when (ex is IOException or UnauthorizedAccessException or FormatException)
        {
            files.Problems.Add($"{nameof(options.PseudonymSecret)}: {path} cannot be read or created ({ex.GetType().Name})");
            return null;
        }
    }

    private static void Create(string path, string dataDirectory)
    {
        PrivateFolder.Create(dataDirectory);
        var created = Convert.ToBase64String(RandomNumberGenerator.GetBytes(MinimumSecretBytes));
        var create = new FileStreamOptions { Mode = FileMode.CreateNew, Access = FileAccess.Write };
        if (!OperatingSystem.IsWindows())
        {
            create.UnixCreateMode = UnixFileMode.UserRead | UnixFileMode.UserWrite;
        }

        using var stream = new FileStream(path, create);
        using var writer = new StreamWriter(stream);
        writer.WriteLine(created);
    }
}
