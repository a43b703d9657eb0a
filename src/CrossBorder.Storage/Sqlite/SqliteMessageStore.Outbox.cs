using CrossBorder.Contracts.V1;
using CrossBorder.Core.Storage;
using static CrossBorder.Storage.Sqlite.SqliteValues;

namespace CrossBorder.Storage.Sqlite;

public sealed partial class SqliteMessageStore
{
    private const string EnqueueSql = """
        INSERT INTO outbox (message_id, conversation_id, recipient, message_type, submitted_by, envelope, sealed_sha256,
            created_at, expires_at, state, last_reason, attempts, next_attempt_at, lease_until, signed_receipt, trace_parent, updated_at, submission_key)
        VALUES ($id, $conversation, $recipient, $type, $submittedBy, $envelope, $sha,
            $created, $expires, $state, 0, $attempts, $created, $lease, NULL, $trace, $now, $key)
        ON CONFLICT (message_id) DO NOTHING;
        """;

    // Each state is searched on its own so that the index gives the oldest due first and the scan stops at $max.
    private const string ClaimSql = """
        WITH due AS (
            SELECT message_id, next_attempt_at, created_at FROM (
                SELECT message_id, next_attempt_at, created_at FROM outbox
                WHERE state = 'QUEUED' AND next_attempt_at <= $now AND expires_at > $now
                ORDER BY next_attempt_at, created_at LIMIT $max)
            UNION ALL
            SELECT message_id, next_attempt_at, created_at FROM (
                SELECT message_id, next_attempt_at, created_at FROM outbox
                WHERE state = 'RETRY_WAIT' AND next_attempt_at <= $now AND expires_at > $now
                ORDER BY next_attempt_at, created_at LIMIT $max)
            UNION ALL
            SELECT message_id, next_attempt_at, created_at FROM (
                SELECT message_id, next_attempt_at, created_at FROM outbox
                WHERE state = 'SENDING' AND lease_until <= $now AND expires_at > $now
                ORDER BY next_attempt_at, created_at LIMIT $max))
        UPDATE outbox SET state = 'SENDING', attempts = attempts + 1, lease_until = $lease, updated_at = $now
        WHERE message_id IN (SELECT message_id FROM due ORDER BY next_attempt_at, created_at, message_id LIMIT $max)
        RETURNING message_id, conversation_id, recipient, message_type, submitted_by, envelope, sealed_sha256,
            created_at, expires_at, attempts, trace_parent, next_attempt_at;
        """;

    private const string NextDueSql = """
        SELECT MIN(due) FROM (
            SELECT MIN(next_attempt_at) AS due FROM outbox WHERE state = 'QUEUED'
            UNION ALL
            SELECT MIN(next_attempt_at) FROM outbox WHERE state = 'RETRY_WAIT'
            UNION ALL
            SELECT MIN(lease_until) FROM outbox WHERE state = 'SENDING');
        """;

    // The attempt number fences the outcome: a claim raises it, so an attempt whose lease was taken
    // over writes nothing. Except a delivery: a verified receipt is a fact whichever attempt got it,
    // and dropping it could leave the message FAILED although the recipient accepted it.
    private const string CompleteSql = """
        UPDATE outbox SET state = $state, last_reason = $reason, signed_receipt = COALESCE($receipt, signed_receipt),
            next_attempt_at = $next, lease_until = NULL, updated_at = $at,
            envelope = CASE WHEN $state IN ('DELIVERED', 'REJECTED') THEN X'' ELSE envelope END
        WHERE message_id = $id AND ((state = 'SENDING' AND attempts = $attempt)
            OR ($state = 'DELIVERED' AND state IN ('SENDING', 'RETRY_WAIT', 'FAILED')))
        RETURNING recipient, sealed_sha256, attempts;
        """;

    private const string ExpireSql = """
        UPDATE outbox SET state = 'FAILED', last_reason = $reason, next_attempt_at = NULL, lease_until = NULL, updated_at = $now, envelope = X''
        WHERE expires_at <= $now AND (state IN ('QUEUED', 'RETRY_WAIT') OR (state = 'SENDING' AND lease_until <= $now))
        RETURNING message_id, recipient, sealed_sha256, attempts, expires_at;
        """;

    private const string SubmissionSql = "SELECT message_id FROM outbox WHERE submitted_by = $submittedBy AND submission_key = $key;";

    private const string ReleaseLeasesSql = "UPDATE outbox SET lease_until = $now, updated_at = $now WHERE state = 'SENDING' AND lease_until > $now;";

    private const string OutboxCountsSql = "SELECT state, COUNT(*) FROM outbox GROUP BY state;";

    private const string FindOutboundSql = """
        SELECT message_id, conversation_id, recipient, message_type, submitted_by, state, last_reason, attempts,
            sealed_sha256, created_at, expires_at, next_attempt_at, signed_receipt, trace_parent
        FROM outbox WHERE message_id = $id;
        """;

    private static readonly string[] OutboxStates =
    [
        MessageStates.Queued, MessageStates.Sending, MessageStates.RetryWait,
        MessageStates.Delivered, MessageStates.Rejected, MessageStates.Failed,
    ];

    /// <inheritdoc />
    public Task EnqueueAsync(OutboundMessage message, DateTimeOffset now, CancellationToken cancellationToken) =>
        Enqueue(message, now, null, cancellationToken);

    /// <inheritdoc />
    public Task EnqueueClaimedAsync(OutboundMessage message, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(lease, TimeSpan.Zero);
        return Enqueue(message, now, lease, cancellationToken);
    }

    private Task<bool> Enqueue(OutboundMessage message, DateTimeOffset now, TimeSpan? lease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(message.MessageId);
        ArgumentNullException.ThrowIfNull(message.ConversationId);
        ArgumentNullException.ThrowIfNull(message.Recipient);
        ArgumentNullException.ThrowIfNull(message.SubmittedBy);
        ArgumentNullException.ThrowIfNull(message.SealedSha256);
        ArgumentOutOfRangeException.ThrowIfNegative(message.Attempts);
        return WriteAsync((message, now, lease), static (w, s) =>
        {
            var (m, now, lease) = s;
            if (m.SubmissionKey is not null
                && w.Command(SubmissionSql).With("$submittedBy", m.SubmittedBy).With("$key", m.SubmissionKey).ExecuteScalar() is string prior)
            {
                throw new DuplicateSubmissionException(prior);
            }

            var attempts = lease is null ? m.Attempts : m.Attempts + 1;
            var inserted = w.Command(EnqueueSql)
                .With("$id", m.MessageId)
                .With("$conversation", m.ConversationId)
                .With("$recipient", m.Recipient)
                .With("$type", (long)m.MessageType)
                .With("$submittedBy", m.SubmittedBy)
                .With("$envelope", SqliteValues.Array(m.Envelope))
                .With("$sha", m.SealedSha256)
                .With("$created", Ms(m.CreatedAt))
                .With("$expires", Ms(m.ExpiresAt))
                .With("$attempts", attempts)
                .With("$trace", m.TraceParent)
                .With("$now", Ms(now))
                .With("$key", m.SubmissionKey)
                .With("$state", lease is null ? MessageStates.Queued : MessageStates.Sending)
                .With("$lease", lease is { } l ? Ms(now + l) : null)
                .ExecuteNonQuery();
            if (inserted == 0)
            {
                throw new DuplicateMessageException(m.MessageId);
            }

            w.Audit(now, m.MessageId, MessageStates.Out, m.Recipient, MessageStates.Submitted, ReasonCode.Unspecified, 0, m.SealedSha256);
            w.Audit(now, m.MessageId, MessageStates.Out, m.Recipient, MessageStates.Queued, ReasonCode.Unspecified, 0, m.SealedSha256);
            if (lease is not null)
            {
                w.Audit(now, m.MessageId, MessageStates.Out, m.Recipient, MessageStates.Sending, ReasonCode.Unspecified, attempts, m.SealedSha256);
            }

            return true;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<OutboundMessage>> ClaimDueAsync(DateTimeOffset now, int max, TimeSpan lease, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(max);
        ArgumentOutOfRangeException.ThrowIfLessThan(lease, TimeSpan.Zero);
        if (max == 0)
        {
            return [];
        }

        return await WriteAsync((now, max, lease), static (w, s) =>
        {
            var (now, max, lease) = s;
            var claimed = new List<(long NextAttemptAt, OutboundMessage Message)>();
            using (var reader = w.Command(ClaimSql)
                .With("$now", Ms(now))
                .With("$lease", Ms(now + lease))
                .With("$max", max)
                .ExecuteReader())
            {
                while (reader.Read())
                {
                    claimed.Add((reader.GetInt64(11), new OutboundMessage(
                        MessageId: reader.GetString(0),
                        ConversationId: reader.GetString(1),
                        Recipient: reader.GetString(2),
                        MessageType: (MessageType)reader.GetInt32(3),
                        SubmittedBy: reader.GetString(4),
                        Envelope: Blob(reader, 5),
                        SealedSha256: Blob(reader, 6),
                        CreatedAt: Time(reader, 7),
                        ExpiresAt: Time(reader, 8),
                        Attempts: reader.GetInt32(9),
                        TraceParent: NullableText(reader, 10))));
                }
            }

            // RETURNING gives no order: oldest due first, as claimed.
            claimed.Sort(static (a, b) =>
            {
                var order = a.NextAttemptAt.CompareTo(b.NextAttemptAt);
                if (order == 0)
                {
                    order = a.Message.CreatedAt.CompareTo(b.Message.CreatedAt);
                }

                return order != 0 ? order : string.CompareOrdinal(a.Message.MessageId, b.Message.MessageId);
            });
            var result = new OutboundMessage[claimed.Count];
            for (var i = 0; i < claimed.Count; i++)
            {
                var m = claimed[i].Message;
                w.Audit(now, m.MessageId, MessageStates.Out, m.Recipient, MessageStates.Sending, ReasonCode.Unspecified, m.Attempts, m.SealedSha256);
                result[i] = m;
            }

            return (IReadOnlyList<OutboundMessage>)result;
        }, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public async Task<OutboundRecord?> FindSubmissionAsync(string submittedBy, string submissionKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(submittedBy);
        ArgumentNullException.ThrowIfNull(submissionKey);
        string? messageId;
        using (var connection = await OpenReaderAsync(cancellationToken).ConfigureAwait(false))
        using (var command = connection.CreateCommand())
        {
            command.CommandText = SubmissionSql;
            command.Parameters.AddWithValue("$submittedBy", submittedBy);
            command.Parameters.AddWithValue("$key", submissionKey);
            messageId = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
        }

        return messageId is null ? null : await FindOutboundAsync(messageId, cancellationToken).ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task<int> ReleaseLeasesAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        WriteAsync(now, static (w, now) => w.Command(ReleaseLeasesSql).With("$now", Ms(now)).ExecuteNonQuery(), cancellationToken);

    /// <inheritdoc />
    public async Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken)
    {
        using var connection = await OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = NextDueSql;
        var due = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return due is long milliseconds ? Time(milliseconds) : null;
    }

    /// <inheritdoc />
    public Task<bool> CompleteAttemptAsync(string messageId, int attempt, AttemptOutcome outcome, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messageId);
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        ArgumentNullException.ThrowIfNull(outcome);
        var (state, reason, receipt, next) = outcome switch
        {
            AttemptOutcome.Delivered d => (MessageStates.Delivered, ReasonCode.Unspecified, d.SignedReceipt ?? throw new ArgumentException("a delivery needs its receipt", nameof(outcome)), (long?)null),
            AttemptOutcome.Rejected r => (MessageStates.Rejected, r.Reason, r.SignedReceipt, null),
            AttemptOutcome.Retry r => (MessageStates.RetryWait, r.Reason, null, Ms(r.NextAttemptAt)),
            _ => throw new ArgumentException("unknown attempt outcome", nameof(outcome)),
        };
        return WriteAsync((messageId, attempt, outcome.At, state, reason, receipt, next), static (w, s) =>
        {
            var (messageId, attempt, at, state, reason, receipt, next) = s;
            string recipient;
            byte[] sealedSha256;
            int attempts;
            using (var reader = w.Command(CompleteSql)
                .With("$id", messageId)
                .With("$attempt", attempt)
                .With("$state", state)
                .With("$reason", (long)reason)
                .With("$receipt", receipt)
                .With("$next", next)
                .With("$at", Ms(at))
                .ExecuteReader())
            {
                if (!reader.Read())
                {
                    return false;
                }

                recipient = reader.GetString(0);
                sealedSha256 = Blob(reader, 1);
                attempts = reader.GetInt32(2);
            }

            w.Audit(at, messageId, MessageStates.Out, recipient, state, reason, attempts, sealedSha256);
            return true;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> ExpireAsync(DateTimeOffset now, ReasonCode reason, CancellationToken cancellationToken) =>
        WriteAsync((now, reason), static (w, s) =>
        {
            var (now, reason) = s;
            var expired = new List<(string MessageId, string Recipient, byte[] SealedSha256, int Attempts, long ExpiresAt)>();
            using (var reader = w.Command(ExpireSql)
                .With("$now", Ms(now))
                .With("$reason", (long)reason)
                .ExecuteReader())
            {
                while (reader.Read())
                {
                    expired.Add((reader.GetString(0), reader.GetString(1), Blob(reader, 2), reader.GetInt32(3), reader.GetInt64(4)));
                }
            }

            expired.Sort(static (a, b) =>
            {
                var order = a.ExpiresAt.CompareTo(b.ExpiresAt);
                return order != 0 ? order : string.CompareOrdinal(a.MessageId, b.MessageId);
            });
            var ids = new string[expired.Count];
            for (var i = 0; i < expired.Count; i++)
            {
                var e = expired[i];
                w.Audit(now, e.MessageId, MessageStates.Out, e.Recipient, MessageStates.Failed, reason, e.Attempts, e.SealedSha256);
                ids[i] = e.MessageId;
            }

            return (IReadOnlyList<string>)ids;
        }, cancellationToken);

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<string, long>> OutboxCountsAsync(CancellationToken cancellationToken)
    {
        var counts = new Dictionary<string, long>(StringComparer.Ordinal);
        foreach (var state in OutboxStates)
        {
            counts[state] = 0;
        }

        using var connection = await OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = OutboxCountsSql;
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            counts[reader.GetString(0)] = reader.GetInt64(1);
        }

        return counts;
    }

    /// <inheritdoc />
    public async Task<OutboundRecord?> FindOutboundAsync(string messageId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messageId);
        using var connection = await OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = FindOutboundSql;
        command.With("$id", messageId);
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        return new OutboundRecord(
            MessageId: reader.GetString(0),
            ConversationId: reader.GetString(1),
            Recipient: reader.GetString(2),
            MessageType: (MessageType)reader.GetInt32(3),
            SubmittedBy: reader.GetString(4),
            State: reader.GetString(5),
            LastReason: (ReasonCode)reader.GetInt32(6),
            Attempts: reader.GetInt32(7),
            SealedSha256: Blob(reader, 8),
            CreatedAt: Time(reader, 9),
            ExpiresAt: Time(reader, 10),
            NextAttemptAt: NullableTime(reader, 11),
            SignedReceipt: NullableBlob(reader, 12),
            TraceParent: NullableText(reader, 13));
    }
}
