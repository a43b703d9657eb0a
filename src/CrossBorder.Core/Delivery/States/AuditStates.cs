namespace CrossBorder.Core.Delivery.States;

/// <summary>The audit state that records each outbox and inbox state: the same name, one to one.</summary>
public static class AuditStates
{
    /// <summary>The audit state recording <paramref name="state"/>.</summary>
    public static AuditState Of(OutboxState state) => state switch
    {
        OutboxState.Queued => AuditState.Queued,
        OutboxState.Sending => AuditState.Sending,
        OutboxState.RetryWait => AuditState.RetryWait,
        OutboxState.Delivered => AuditState.Delivered,
        OutboxState.Rejected => AuditState.Rejected,
        OutboxState.Failed => AuditState.Failed,
        OutboxState.Cancelled => AuditState.Cancelled,
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "not an outbox state"),
    };

    /// <summary>The audit state recording <paramref name="state"/>.</summary>
    public static AuditState Of(InboxState state) => state switch
    {
        InboxState.Received => AuditState.Received,
        InboxState.Offered => AuditState.Offered,
        InboxState.Acknowledged => AuditState.Acknowledged,
        InboxState.Purged => AuditState.Purged,
        InboxState.Quarantined => AuditState.Quarantined,
        InboxState.Withdrawn => AuditState.Withdrawn,
        InboxState.ErasureRequested => AuditState.ErasureRequested,
        InboxState.Superseded => AuditState.Superseded,
        InboxState.ExpiredUnread => AuditState.ExpiredUnread,
        _ => throw new ArgumentOutOfRangeException(nameof(state), state, "not an inbox state"),
    };
}
