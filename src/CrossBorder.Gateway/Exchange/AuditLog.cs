using Microsoft.Extensions.Logging;

namespace CrossBorder.Gateway.Exchange;

/// <summary>Log events of the audit checkpoints (146x): sequences, kinds, reason codes and certificate fingerprints only.</summary>
internal static partial class AuditLog
{
    [LoggerMessage(1460, LogLevel.Information, "Audit checkpoint signed at entry {Sequence} by certificate {Signer}")]
    public static partial void CheckpointWritten(ILogger logger, long sequence, string signer);

    [LoggerMessage(1461, LogLevel.Error, "Audit checkpoint not written: {Reason}; tried again at the next round")]
    public static partial void CheckpointFailed(ILogger logger, string reason);

    [LoggerMessage(1462, LogLevel.Critical, "AUDIT_BROKEN: the audit trail is {Kind} from entry {FirstAffected} (checkpoint {Checkpoint}, {Entries} entries, {Checkpoints} checkpoints)")]
    public static partial void Broken(ILogger logger, string kind, long firstAffected, long checkpoint, long entries, int checkpoints);

    [LoggerMessage(1463, LogLevel.Information, "Audit trail verified intact: {Entries} entries, {Checkpoints} checkpoints")]
    public static partial void Intact(ILogger logger, long entries, int checkpoints);

    [LoggerMessage(1464, LogLevel.Error, "Audit trail verification failed with {ExceptionType}; tried again at the next round")]
    public static partial void VerifyFailed(ILogger logger, string exceptionType);
}
