using CrossBorder.Core.Delivery.States;
using CrossBorder.Core.Storage;
using static CrossBorder.Storage.Common.StateText;

namespace CrossBorder.Storage.Common;

/// <summary>The statements of <see cref="OutboxReads"/>, read the same by SQLite and PostgreSQL.</summary>
internal static class OutboxReadSql
{
    public static readonly string NextDue = $"""
        SELECT MIN(due) FROM (
            SELECT MIN(next_attempt_at) AS due FROM outbox WHERE state = {Sql(OutboxState.Queued)}
            UNION ALL
            SELECT MIN(next_attempt_at) FROM outbox WHERE state = {Sql(OutboxState.RetryWait)}
            UNION ALL
            SELECT MIN(lease_until) FROM outbox WHERE state = {Sql(OutboxState.Sending)}) AS pending;
        """;

    public const string Submission = "SELECT message_id FROM outbox WHERE submitted_by = @submittedBy AND submission_key = @key;";

    public const string Counts = "SELECT state, COUNT(*) FROM outbox GROUP BY state;";

    // Only the pending states, each through the index on state: final rows are never scanned.
    public static readonly string Backlog = $"""
        SELECT state, COUNT(*), MIN(created_at) FROM outbox
        WHERE state IN ({Sql(OutboxBacklog.PendingStates)})
        GROUP BY state;
        """;

    public const string Find = """
        SELECT message_id, conversation_id, recipient, message_type, submitted_by, state, last_reason, attempts,
            sealed_sha256, created_at, expires_at, next_attempt_at, signed_receipt, trace_parent
        FROM outbox WHERE message_id = @id;
        """;
}
