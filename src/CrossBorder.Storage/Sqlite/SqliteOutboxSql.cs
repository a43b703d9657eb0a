using CrossBorder.Core.Delivery.States;
using static CrossBorder.Storage.Common.StateText;

namespace CrossBorder.Storage.Sqlite;

/// <summary>The statements of <see cref="SqliteOutboxStore"/>; states are written in through <see cref="StateText"/>.</summary>
internal static class SqliteOutboxSql
{
    public const string Enqueue = """
        INSERT INTO outbox (message_id, conversation_id, recipient, message_type, submitted_by, envelope, sealed_sha256,
            created_at, expires_at, state, last_reason, attempts, next_attempt_at, lease_until, signed_receipt, trace_parent, updated_at, submission_key, sealed_size)
        VALUES (@id, @conversation, @recipient, @type, @submittedBy, @envelope, @sha,
            @created, @expires, @state, 0, @attempts, @created, @lease, NULL, @trace, @now, @key, length(@envelope))
        ON CONFLICT (message_id) DO NOTHING;
        """;

    // Each state is searched on its own so that the index gives the oldest due first and the scan stops at @max.
    public static readonly string Due = $"""
        SELECT message_id, state FROM (
            SELECT message_id, state, next_attempt_at, created_at FROM (
                SELECT message_id, state, next_attempt_at, created_at FROM outbox
                WHERE state = {Sql(OutboxState.Queued)} AND next_attempt_at <= @now AND expires_at > @now
                ORDER BY next_attempt_at, created_at LIMIT @max)
            UNION ALL
            SELECT message_id, state, next_attempt_at, created_at FROM (
                SELECT message_id, state, next_attempt_at, created_at FROM outbox
                WHERE state = {Sql(OutboxState.RetryWait)} AND next_attempt_at <= @now AND expires_at > @now
                ORDER BY next_attempt_at, created_at LIMIT @max)
            UNION ALL
            SELECT message_id, state, next_attempt_at, created_at FROM (
                SELECT message_id, state, next_attempt_at, created_at FROM outbox
                WHERE state = {Sql(OutboxState.Sending)} AND lease_until <= @now AND expires_at > @now
                ORDER BY next_attempt_at, created_at LIMIT @max))
        ORDER BY next_attempt_at, created_at, message_id
        LIMIT @max;
        """;

    // The due messages found by Due in this same transaction; @ids is a JSON array of their ids.
    public static readonly string Claim = $"""
        UPDATE outbox SET state = {Sql(OutboxState.Sending)}, attempts = attempts + 1, lease_until = @lease, updated_at = @now
        WHERE message_id IN (SELECT value FROM json_each(@ids))
        RETURNING message_id, conversation_id, recipient, message_type, submitted_by, envelope, sealed_sha256,
            created_at, expires_at, attempts, trace_parent;
        """;

    public const string StateOf = "SELECT state FROM outbox WHERE message_id = @id;";

    // The attempt number fences the outcome: a claim raises it, so an attempt whose lease was taken
    // over writes nothing (Complete: the attempt still holding the lease, from SENDING). Except a
    // delivery: a verified receipt is a fact whichever attempt got it, and dropping it could leave
    // the message FAILED although the recipient accepted it (CompleteLate: from the state found).
    private static readonly string CompleteSet = $"""
        UPDATE outbox SET state = @state, last_reason = @reason, signed_receipt = COALESCE(@receipt, signed_receipt),
            next_attempt_at = @next, lease_until = NULL, updated_at = @at,
            envelope = CASE WHEN @state IN ({Sql([OutboxState.Delivered, OutboxState.Rejected])}) THEN X'' ELSE envelope END
        """;

    public static readonly string Complete = $"""
        {CompleteSet}
        WHERE message_id = @id AND state = {Sql(OutboxState.Sending)} AND attempts = @attempt
        RETURNING recipient, sealed_sha256, attempts;
        """;

    public static readonly string CompleteLate = $"""
        {CompleteSet}
        WHERE message_id = @id AND state = @from
        RETURNING recipient, sealed_sha256, attempts;
        """;

    public static readonly string Expiring = $"""
        SELECT message_id, state FROM outbox
        WHERE expires_at <= @now AND (state IN ({Sql([OutboxState.Queued, OutboxState.RetryWait])})
            OR (state = {Sql(OutboxState.Sending)} AND lease_until <= @now))
        ORDER BY expires_at, message_id;
        """;

    public static readonly string Expire = $"""
        UPDATE outbox SET state = {Sql(OutboxState.Failed)}, last_reason = @reason, next_attempt_at = NULL, lease_until = NULL,
            updated_at = @now, envelope = X''
        WHERE message_id = @id AND state = @from
        RETURNING recipient, sealed_sha256, attempts;
        """;

    public static readonly string ReleaseLeases =
        $"UPDATE outbox SET lease_until = @now, updated_at = @now WHERE state = {Sql(OutboxState.Sending)} AND lease_until > @now;";
}
