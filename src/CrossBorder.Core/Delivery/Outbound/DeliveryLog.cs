using Microsoft.Extensions.Logging;

namespace CrossBorder.Core.Delivery.Outbound;

/// <summary>Delivery attempt log events, source-generated with stable ids: ids, counts and codes; never a payload value.</summary>
internal static partial class DeliveryLog
{
    [LoggerMessage(1403, LogLevel.Information, "Delivered {MessageId} to {Recipient} on attempt {Attempt}; receipt verified")]
    public static partial void Delivered(ILogger logger, string messageId, string recipient, int attempt);

    [LoggerMessage(1404, LogLevel.Warning, "{MessageId} to {Recipient} rejected for good: {Reason}")]
    public static partial void Rejected(ILogger logger, string messageId, string recipient, string reason);

    [LoggerMessage(1405, LogLevel.Information, "Attempt {Attempt} of {MessageId} to {Recipient} failed ({Reason}); next attempt in {DelaySeconds} s")]
    public static partial void RetryScheduled(ILogger logger, int attempt, string messageId, string recipient, string reason, double delaySeconds);

    [LoggerMessage(1407, LogLevel.Warning, "Receipt for {MessageId} from {Recipient} not accepted: {Reason}: {Detail}")]
    public static partial void ReceiptRefused(ILogger logger, string messageId, string recipient, string reason, string detail);

    [LoggerMessage(1419, LogLevel.Error, "A delivery attempt failed with {ExceptionType}; it is recorded as UNAVAILABLE and retried")]
    public static partial void AttemptFailed(ILogger logger, string exceptionType);

    [LoggerMessage(1431, LogLevel.Warning, "Outcome of attempt {Attempt} of {MessageId} to {Recipient} not recorded: the attempt no longer holds the message's lease")]
    public static partial void OutcomeFenced(ILogger logger, int attempt, string messageId, string recipient);
}
