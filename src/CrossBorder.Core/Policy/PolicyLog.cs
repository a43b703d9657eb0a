using Microsoft.Extensions.Logging;

namespace CrossBorder.Core.Policy;

/// <summary>Policy log events, source-generated with stable ids: ids, versions, hashes, lines and codes; never a payload value.</summary>
internal static partial class PolicyLog
{
    [LoggerMessage(3001, LogLevel.Information, "Minimization policy {Id} version {Version} in force (sha256 {Sha256})")]
    public static partial void InForce(ILogger logger, string id, string version, string sha256);

    [LoggerMessage(3002, LogLevel.Error, "Minimization policy reload refused with {Count} error(s); keeping {Id} version {Version}")]
    public static partial void ReloadRefused(ILogger logger, int count, string id, string version);

    [LoggerMessage(3003, LogLevel.Error, "Policy error {File}:{Line}: {Message}")]
    public static partial void Error(ILogger logger, string file, int line, string message);
}
