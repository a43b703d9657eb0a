using CrossBorder.Core.Errors;
using CrossBorder.Core.Trust;
using Microsoft.Extensions.Logging;

namespace CrossBorder.Gateway.Configuration.Loading;

/// <summary>
/// The pinned operator certificate and the signed trust list: the list must be exactly what that
/// operator signed, and not older than the last list this gateway accepted (kept in the data folder).
/// </summary>
internal static class TrustListFile
{
    /// <summary>The trust list manager holding the file's list, and the file's full path; nulls when there is a problem.</summary>
    public static (TrustListManager? Manager, string? Path) Load(GatewayOptions options, ConfigFileReader files, string dataDirectory, ILoggerFactory loggers)
    {
        ArgumentNullException.ThrowIfNull(options);
        ArgumentNullException.ThrowIfNull(files);
        ArgumentNullException.ThrowIfNull(loggers);
        var operatorCertificate = files.Certificate(options.OperatorCertificate, nameof(options.OperatorCertificate));
        var path = files.ExistingFile(options.TrustList, nameof(options.TrustList));

        // An out-of-range grace is the revocation validator's problem; the list is not opened with it.
        if (path is null || operatorCertificate is null || options.TrustListGraceHours is not (>= 0 and <= 24 * 30))
        {
            return (null, path);
        }

        try
        {
            var store = new FileTrustStateStore(System.IO.Path.Combine(dataDirectory, "trust-state.json"));
            var manager = new TrustListManager(operatorCertificate, store, files.Time, TimeSpan.FromHours(options.TrustListGraceHours), loggers.CreateLogger("CrossBorder.Trust"));
            manager.Offer(File.ReadAllBytes(path));
            return (manager, path);
        }
        catch (RejectedException ex)
        {
            files.Problems.Add($"{nameof(options.TrustList)}: {path} refused: {ex.Reason.Name()}: {ex.Message}");
            return (null, path);
        }
        catch (InvalidDataException ex)
        {
            files.Problems.Add($"{nameof(options.DataDirectory)}: {ex.Message}");
            return (null, path);
        }
    }
}
