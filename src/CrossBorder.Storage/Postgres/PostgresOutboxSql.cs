using CrossBorder.Core.Delivery.States;
using static CrossBorder.Storage.Common.StateText;

namespace CrossBorder.Storage.Postgres;

/// <summary>The write statements of <see cref="PostgresOutboxStore"/>; the reads are shared (<see cref="OutboxReadSql"/>).</summary>
internal static class PostgresOutboxSql
{
    // Any unique key taken (the id, or the submitter's key) inserts nothing; the caller tells which.
    public const string Enqueue = """
        INSERT INTO outbox (message_id, conversation_id, recipient, message_type, submitted_by, envelope, sealed_sha256,
            created_at, expires_at, state, last_reason, attempts, next_attempt_at, lease_until, lease_owner, signed_receipt, trace_parent, updated_at, submission_key, sealed_size)
        VALUES (@id, @conversation, @recipient, @type, @submittedBy, @envelope, @sha,
            @created, @expires, @state, 0, @attempts, @created, @lease::bigint, @owner::text, NULL, @trace::text, @now, @key::text, octet_length(@envelope))
        ON CONFLICT DO NOTHING;
        """;

    public const string Exists = "SELECT 1 FROM outbox WHERE message_id = @id;";

    // Rows another replica is claiming are skipped, not waited for; the claim is fenced by the raised attempt number.
    public static readonly string Claim = $"""
        WITH due AS (
            SELECT message_id, state AS from_state, next_attempt_at AS due_at, created_at AS queued_at FROM outbox
            WHERE expires_at > @now AND (
                (state IN ({Sql([OutboxState.Queued, OutboxState.RetryWait])}) AND next_attempt_at <= @now)
                OR (state = {Sql(OutboxState.Sending)} AND lease_until <= @now))
            ORDER BY next_attempt_at, created_at, message_id
            LIMIT @max
            FOR UPDATE SKIP LOCKED)
        UPDATE outbox o SET state = {Sql(OutboxState.Sending)}, attempts = o.attempts + 1, lease_until = @lease, lease_owner = @owner, updated_at = @now
        FROM due WHERE o.message_id = due.message_id
        RETURNING o.message_id, o.conversation_id, o.recipient, o.message_type, o.submitted_by, o.envelope, o.sealed_sha256,
            o.created_at, o.expires_at, o.attempts, o.trace_parent, due.from_state, due.due_at, due.queued_at;
        """;

    public const string StateOf = "SELECT state FROM outbox WHERE message_id = @id FOR UPDATE;";

    private static readonly string CompleteSet = $"""
        UPDATE outbox SET state = @state, last_reason = @reason, signed_receipt = COALESCE(@receipt::bytea, signed_receipt),
            next_attempt_at = @next::bigint, lease_until = NULL, lease_owner = NULL, updated_at = @at,
            envelope = CASE WHEN @state::text IN ({Sql([OutboxState.Delivered, OutboxState.Rejected])}) THEN ''::bytea ELSE envelope END
        """;

    // The attempt number fences the outcome, as in the SQLite store (see SqliteOutboxSql.Complete).
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

    public static readonly string Expire = $"""
        WITH expiring AS (
            SELECT message_id, state AS from_state, expires_at AS expired_at FROM outbox
            WHERE expires_at <= @now AND (state IN ({Sql([OutboxState.Queued, OutboxState.RetryWait])})
                OR (state = {Sql(OutboxState.Sending)} AND lease_until <= @now))
            FOR UPDATE SKIP LOCKED)
        UPDATE outbox o SET state = {Sql(OutboxState.Failed)}, last_reason = @reason, next_attempt_at = NULL, lease_until = NULL, lease_owner = NULL,
            updated_at = @now, envelope = ''::bytea
        FROM expiring WHERE o.message_id = expiring.message_id
        RETURNING o.message_id, expiring.from_state, o.recipient, o.sealed_sha256, o.attempts, expiring.expired_at;
        """;

    // Only this replica's own leases: its siblings may be sending right now.
    public static readonly string ReleaseLeases =
        $"UPDATE outbox SET lease_until = @now, updated_at = @now WHERE state = {Sql(OutboxState.Sending)} AND lease_until > @now AND lease_owner = @owner;";
}
