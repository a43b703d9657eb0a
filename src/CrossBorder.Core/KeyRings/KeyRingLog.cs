using Microsoft.Extensions.Logging;

namespace CrossBorder.Core.KeyRings;

/// <summary>Key ring events, source-generated with stable ids: thumbprints and reasons, never key material.</summary>
internal static partial class KeyRingLog
{
    [LoggerMessage(4001, LogLevel.Information, "Key rings in force: signing {SigningThumbprints}, encryption {EncryptionThumbprints}")]
    public static partial void InForce(ILogger logger, string signingThumbprints, string encryptionThumbprints);

    [LoggerMessage(4003, LogLevel.Warning, "Encryption certificate {Thumbprint} left the configuration: deliveries sealed to it are refused from now on; unread inbox messages sealed to it are read with its key held in memory until the gateway stops. Keep its files configured (EncryptionRollover) until the inbox holds none")]
    public static partial void EncryptionKeyRetired(ILogger logger, string thumbprint);

    [LoggerMessage(4002, LogLevel.Error, "New keys refused, the key rings in force stay: {Reason}")]
    public static partial void ReloadRefused(ILogger logger, string reason);
}
