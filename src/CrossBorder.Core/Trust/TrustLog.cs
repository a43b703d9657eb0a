using Microsoft.Extensions.Logging;

namespace CrossBorder.Core.Trust;

/// <summary>Trust log events, source-generated with stable ids; never key material.</summary>
internal static partial class TrustLog
{
    [LoggerMessage(2001, LogLevel.Information, "Trust list sequence {Sequence} accepted (issued {IssuedAt:u}, next update {NextUpdate:u}, signed by {Operator})")]
    public static partial void Accepted(ILogger logger, ulong sequence, DateTimeOffset issuedAt, DateTimeOffset nextUpdate, string @operator);

    [LoggerMessage(2002, LogLevel.Warning, "Trust list refused: {Reason}: {Detail}; keeping sequence {KeptSequence}")]
    public static partial void Refused(ILogger logger, string reason, string detail, ulong keptSequence);

    [LoggerMessage(2003, LogLevel.Warning, "Trust list sequence {Sequence} is past its next update ({NextUpdate:u}); usable within the grace period until {StaleAt:u}")]
    public static partial void InGrace(ILogger logger, ulong sequence, DateTimeOffset nextUpdate, DateTimeOffset staleAt);

    [LoggerMessage(2004, LogLevel.Critical, "ALARM: trust list sequence {Sequence} is stale since {StaleAt:u}: exchange is suspended (TRUST_LIST_STALE) until a fresh list arrives")]
    public static partial void Stale(ILogger logger, ulong sequence, DateTimeOffset staleAt);

    [LoggerMessage(2005, LogLevel.Information, "Trust list is usable again (sequence {Sequence}): exchange resumed")]
    public static partial void Resumed(ILogger logger, ulong sequence);

    [LoggerMessage(2006, LogLevel.Warning, "Federation operator rolled over to {Operator} with trust list sequence {Sequence}")]
    public static partial void OperatorRolledOver(ILogger logger, string @operator, ulong sequence);
}
