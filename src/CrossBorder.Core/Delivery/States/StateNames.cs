using System.Collections.Frozen;

namespace CrossBorder.Core.Delivery.States;

/// <summary>
/// The one mapping between states and their text: as stored (SQL rows, the audit hash chain) and as
/// shown (status, CLI). The texts are fixed forever: existing databases and audit chains hold them.
/// Parsing refuses any other text, so a damaged or foreign row is never read as some state.
/// </summary>
public static class StateNames
{
    private static readonly FrozenDictionary<string, OutboxState> Outbox = Table<OutboxState>(Name);
    private static readonly FrozenDictionary<string, InboxState> Inbox = Table<InboxState>(Name);
    private static readonly FrozenDictionary<string, AuditState> Audit = Table<AuditState>(Name);
    private static readonly FrozenDictionary<string, AuditDirection> Directions = Table<AuditDirection>(Name);

    /// <summary>The stored text of an outbox state.</summary>
    public static string Name(OutboxState state) => Name(AuditStates.Of(state));

    /// <summary>The stored text of an inbox state.</summary>
    public static string Name(InboxState state) => Name(AuditStates.Of(state));

    /// <summary>The stored text of an audit state.</summary>
    public static string Name(AuditState state) => state switch
    {
        AuditState.Submitted => "SUBMITTED",
        AuditState.Queued => "QUEUED",
        AuditState.Sending => "SENDING",
        AuditState.RetryWait => "RETRY_WAIT",
        AuditState.Delivered => "DELIVERED",
        AuditState.Rejected => "REJECTED",
        AuditState.Failed => "FAILED",
        AuditState.Received => "RECEIVED",
        AuditState.Offered => "OFFERED",
        AuditState.Acknowledged => "ACKNOWLEDGED",
        AuditState.Purged => "PURGED",
        AuditState.Quarantined => "QUARANTINED",
        AuditState.Refusals => "REFUSALS",
        AuditState.Cancelled => "CANCELLED",
        AuditState.Withdrawn => "WITHDRAWN",
        AuditState.ErasureRequested => "ERASURE_REQUESTED",
        AuditState.Superseded => "SUPERSEDED",
        AuditState.ExpiredUnread => "EXPIRED_UNREAD",
        AuditState.NoticeAwaited => "NOTICE_AWAITED",
        AuditState.NoticeRefused => "NOTICE_REFUSED",
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "not an audit state"),
    };

    /// <summary>The stored text of an audit direction.</summary>
    public static string Name(AuditDirection direction) => direction switch
    {
        AuditDirection.Out => "OUT",
        AuditDirection.In => "IN",
        _ => throw new ArgumentOutOfRangeException(nameof(direction), direction, "not an audit direction"),
    };

    /// <summary>The outbox state stored as <paramref name="text"/>.</summary>
    /// <exception cref="FormatException">The text names no outbox state.</exception>
    public static OutboxState ParseOutbox(string text) => Parse(Outbox, text, "outbox state");

    /// <summary>The inbox state stored as <paramref name="text"/>.</summary>
    /// <exception cref="FormatException">The text names no inbox state.</exception>
    public static InboxState ParseInbox(string text) => Parse(Inbox, text, "inbox state");

    /// <summary>The audit state stored as <paramref name="text"/>.</summary>
    /// <exception cref="FormatException">The text names no audit state.</exception>
    public static AuditState ParseAudit(string text) => Parse(Audit, text, "audit state");

    /// <summary>The audit direction stored as <paramref name="text"/>.</summary>
    /// <exception cref="FormatException">The text names no audit direction.</exception>
    public static AuditDirection ParseDirection(string text) => Parse(Directions, text, "audit direction");

    private static T Parse<T>(FrozenDictionary<string, T> table, string text, string kind)
    {
        ArgumentNullException.ThrowIfNull(text);
        return table.TryGetValue(text, out var value)
            ? value
            : throw new FormatException($"'{text}' is not a known {kind}; known: {string.Join(", ", table.Keys.Order(StringComparer.Ordinal))}");
    }

    private static FrozenDictionary<string, T> Table<T>(Func<T, string> name)
        where T : struct, Enum =>
        Enum.GetValues<T>().ToFrozenDictionary(name, StringComparer.Ordinal);
}
