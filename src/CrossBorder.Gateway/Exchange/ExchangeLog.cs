using Microsoft.Extensions.Logging;

namespace CrossBorder.Gateway.Exchange;

/// <summary>
/// Log events of the exchange, source-generated with stable ids (14xx). They carry message ids,
/// participant ids, message types, states and reason codes: never a payload value.
/// </summary>
internal static partial class ExchangeLog
{
    [LoggerMessage(1406, LogLevel.Warning, "{MessageId} expired undelivered: non-delivery recorded")]
    public static partial void Expired(ILogger logger, string messageId);

    [LoggerMessage(1410, LogLevel.Information, "Received {MessageId} {MessageType} from {Sender}: {Outcome} {Reason}")]
    public static partial void Received(ILogger logger, string messageId, string messageType, string sender, string outcome, string reason);

    [LoggerMessage(1411, LogLevel.Information, "Duplicate {MessageId} from {Sender}: original receipt answered")]
    public static partial void Duplicate(ILogger logger, string messageId, string sender);

    [LoggerMessage(1412, LogLevel.Warning, "Delivery from {Sender} refused: {Reason}: {Detail}")]
    public static partial void DeliveryRefused(ILogger logger, string sender, string reason, string detail);

    [LoggerMessage(1413, LogLevel.Error, "Inbox message {MessageId} from {Sender} could not be opened for reading: {Reason}")]
    public static partial void InboxOpenFailed(ILogger logger, string messageId, string sender, string reason);

    [LoggerMessage(1416, LogLevel.Error, "Cannot sign the receipt for {MessageId}: {Reason}; the sender is told UNAVAILABLE and retries. Check this gateway's signing certificates")]
    public static partial void ReceiptUnsignable(ILogger logger, string messageId, string reason);

    [LoggerMessage(1414, LogLevel.Information, "Purged the sealed bytes of {Count} acknowledged messages")]
    public static partial void Purged(ILogger logger, int count);

    [LoggerMessage(1415, LogLevel.Error, "Outbox dispatcher pass failed with {ExceptionType}; it continues")]
    public static partial void DispatcherFailed(ILogger logger, string exceptionType);

    [LoggerMessage(1432, LogLevel.Error, "Inbox message {MessageId} from {Sender} quarantined after {Failures} failed opens ({Reason}); it is not offered again")]
    public static partial void InboxQuarantined(ILogger logger, string messageId, string sender, int failures, string reason);

    [LoggerMessage(1417, LogLevel.Warning, "Audited {Count} refusals from {Peer} in one window: {Counts}")]
    public static partial void RefusalsAudited(ILogger logger, string peer, int count, string counts);

    [LoggerMessage(1420, LogLevel.Error, "Inbox purge failed with {ExceptionType}; it is tried again at the next pass")]
    public static partial void PurgeFailed(ILogger logger, string exceptionType);

    [LoggerMessage(1418, LogLevel.Error, "Could not audit the counted refusals: {ExceptionType}")]
    public static partial void RefusalAuditFailed(ILogger logger, string exceptionType);
}
