using Microsoft.Extensions.Logging;

namespace CrossBorder.Core.Delivery.Outbound;

/// <summary>Submission log events, source-generated with stable ids: ids, types, counts and codes; never a payload value.</summary>
internal static partial class SubmitLog
{
    [LoggerMessage(1401, LogLevel.Information, "Queued {MessageId} {MessageType} to {Recipient} ({Removed} fields removed, {Transformed} transformed by policy {PolicyVersion})")]
    public static partial void Queued(ILogger logger, string messageId, string messageType, string recipient, int removed, int transformed, string policyVersion);

    [LoggerMessage(1402, LogLevel.Information, "Submission of {MessageType} to {Recipient} by role {Role} refused by policy: rule {RuleId}, {DetailCode}")]
    public static partial void PolicyRefused(ILogger logger, string messageType, string recipient, string role, string ruleId, string detailCode);

    [LoggerMessage(1465, LogLevel.Information, "Notice {NoticeId} ({Kind}) to {Recipient} cancelled {Cancelled} messages still waiting to leave")]
    public static partial void NoticeCancelled(ILogger logger, string noticeId, string kind, string recipient, int cancelled);
}
