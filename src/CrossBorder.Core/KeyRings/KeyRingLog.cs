using Microsoft.Extensions.Logging;

namespace CrossBorder.Core.KeyRings;

/// <summary>Key ring events, source-generated with stable ids: thumbprints and reasons, never key material.</summary>
internal static partial class KeyRingLog
{
    [LoggerMessage(4001, LogLevel.Information, "Key rings in force: signing {SigningThumbprints}, encryption {EncryptionThumbprints}")]
    public static partial void InForce(ILogger logger, string signingThumbprints, string encryptionThumbprints);

    [LoggerMessage(4002, LogLevel.Error, "New keys refused, the key rings in force stay: {Reason}")]
    public static partial void ReloadRefused(ILogger logger, string reason);
}
