using CrossBorder.Contracts.V1;
using CrossBorder.Core.Delivery.States;
using CrossBorder.Core.Storage;
using static CrossBorder.Storage.Common.StoreValues;
using Sql = CrossBorder.Storage.Postgres.PostgresOutboxSql;

namespace CrossBorder.Storage.Postgres;

/// <summary>
/// The outbox writes of a <see cref="PostgresDatabase"/> (its reads are <see cref="OutboxReads"/>).
/// Replicas claim with <c>FOR UPDATE SKIP LOCKED</c>, so two never take the same message at once;
/// each outcome is fenced by its attempt's number, as in the SQLite store.
/// </summary>
internal sealed class PostgresOutboxStore(PostgresDatabase database)
{
    public Task<IReadOnlyList<string>> CancelForNoticeAsync(OutboundNotice notice, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notice);
        return database.WriteAsync((notice, now), static (w, s, ct) => NoticeWrites.CancelForNoticeAsync(w, s.notice, s.now, ct), cancellationToken);
    }

    public Task EnqueueAsync(OutboundMessage message, DateTimeOffset now, TimeSpan? lease, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(message.MessageId);
        ArgumentNullException.ThrowIfNull(message.ConversationId);
        ArgumentNullException.ThrowIfNull(message.Recipient);
        ArgumentNullException.ThrowIfNull(message.SubmittedBy);
        ArgumentNullException.ThrowIfNull(message.SealedSha256);
        ArgumentOutOfRangeException.ThrowIfNegative(message.Attempts);
        if (lease is { } l)
        {
            ArgumentOutOfRangeException.ThrowIfLessThan(l, TimeSpan.Zero);
        }

        return database.WriteAsync((message, now, lease, database.Replica), static async (w, s, ct) =>
        {
            var (m, now, lease, replica) = s;
            var attempts = lease is null ? m.Attempts : m.Attempts + 1;
            await using var insert = w.Command(Sql.Enqueue)
                .With("@id", m.MessageId)
                .With("@conversation", m.ConversationId)
                .With("@recipient", m.Recipient)
                .With("@type", (int)m.MessageType)
                .With("@submittedBy", m.SubmittedBy)
                .With("@envelope", StoreValues.Array(m.Envelope))
                .With("@sha", m.SealedSha256)
                .With("@created", Ms(m.CreatedAt))
                .With("@expires", Ms(m.ExpiresAt))
                .With("@attempts", attempts)
                .With("@trace", m.TraceParent)
                .With("@now", Ms(now))
                .With("@key", m.SubmissionKey)
                .With("@state", StateNames.Name(lease is null ? OutboxTransitions.Entry : OutboxState.Sending))
                .With("@lease", lease is { } l ? Ms(now + l) : null)
                .With("@owner", lease is null ? null : replica);
            if (await insert.ExecuteNonQueryAsync(ct).ConfigureAwait(false) == 0)
            {
                // Waited for, then lost to, a concurrent insert of the same id or submission key: tell which.
                await using var exists = w.Command(Sql.Exists).With("@id", m.MessageId);
                if (await exists.ExecuteScalarAsync(ct).ConfigureAwait(false) is not null || m.SubmissionKey is null)
                {
                    throw new DuplicateMessageException(m.MessageId);
                }

                await using var prior = w.Command(OutboxReadSql.Submission).With("@submittedBy", m.SubmittedBy).With("@key", m.SubmissionKey);
                throw await prior.ExecuteScalarAsync(ct).ConfigureAwait(false) is string priorId
                    ? new DuplicateSubmissionException(priorId)
                    : new DuplicateMessageException(m.MessageId);
            }

            w.OutboxEntered(now, m.MessageId, m.Recipient, m.SealedSha256);
            if (lease is not null)
            {
                w.OutboxChanged(OutboxTransitions.Entry, OutboxState.Sending, now, m.MessageId, m.Recipient, ReasonCode.Unspecified, attempts, m.SealedSha256);
            }

            return true;
        }, cancellationToken);
    }

    public async Task<IReadOnlyList<OutboundMessage>> ClaimDueAsync(DateTimeOffset now, int max, TimeSpan lease, CancellationToken cancellationToken)
    {
        ArgumentOutOfRangeException.ThrowIfNegative(max);
        ArgumentOutOfRangeException.ThrowIfLessThan(lease, TimeSpan.Zero);
        if (max == 0)
        {
            return [];
        }

        return await database.WriteAsync((now, max, lease, database.Replica), static async (w, s, ct) =>
        {
            var (now, max, lease, replica) = s;
            var claimed = new List<(OutboundMessage Message, OutboxState From, long DueAt, long QueuedAt)>();
            await using (var command = w.Command(Sql.Claim).With("@now", Ms(now)).With("@max", max).With("@lease", Ms(now + lease)).With("@owner", replica))
            await using (var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false))
            {
                while (await reader.ReadAsync(ct).ConfigureAwait(false))
                {
                    var message = new OutboundMessage(
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
                        TraceParent: NullableText(reader, 10));
                    claimed.Add((message, StateNames.ParseOutbox(reader.GetString(11)), reader.IsDBNull(12) ? long.MinValue : reader.GetInt64(12), reader.GetInt64(13)));
                }
            }

            // RETURNING gives no order: oldest due first, as found, each audited as a move from the state it was found in.
            claimed.Sort(static (a, b) =>
            {
                var order = a.DueAt.CompareTo(b.DueAt);
                order = order != 0 ? order : a.QueuedAt.CompareTo(b.QueuedAt);
                return order != 0 ? order : string.CompareOrdinal(a.Message.MessageId, b.Message.MessageId);
            });
            foreach (var (message, from, _, _) in claimed)
            {
                w.OutboxChanged(from, OutboxState.Sending, now, message.MessageId, message.Recipient, ReasonCode.Unspecified, message.Attempts, message.SealedSha256);
            }

            return (IReadOnlyList<OutboundMessage>)[.. claimed.Select(c => c.Message)];
        }, cancellationToken).ConfigureAwait(false);
    }

    public Task<int> ReleaseLeasesAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        database.WriteAsync((now, database.Replica), static async (w, s, ct) =>
        {
            await using var command = w.Command(Sql.ReleaseLeases).With("@now", Ms(s.now)).With("@owner", s.Replica);
            return await command.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
        }, cancellationToken);

    public Task<bool> CompleteAttemptAsync(string messageId, int attempt, AttemptOutcome outcome, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messageId);
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        ArgumentNullException.ThrowIfNull(outcome);
        var (to, reason, receipt, next) = outcome switch
        {
            AttemptOutcome.Delivered d => (OutboxState.Delivered, ReasonCode.Unspecified, d.SignedReceipt ?? throw new ArgumentException("a delivery needs its receipt", nameof(outcome)), (long?)null),
            AttemptOutcome.Rejected r => (OutboxState.Rejected, r.Reason, r.SignedReceipt, null),
            AttemptOutcome.Retry r => (OutboxState.RetryWait, r.Reason, null, Ms(r.NextAttemptAt)),
            _ => throw new ArgumentException("unknown attempt outcome", nameof(outcome)),
        };
        return database.WriteAsync((messageId, attempt, outcome.At, to, reason, receipt, next), static async (w, s, ct) =>
        {
            var (messageId, attempt, at, to, reason, receipt, next) = s;
            var from = OutboxState.Sending;
            var written = await CompleteAsync(w, Sql.Complete, messageId, attempt, null, at, to, reason, receipt, next, ct).ConfigureAwait(false);
            if (written is null && to == OutboxState.Delivered)
            {
                // A late delivery: the attempt lost its lease, or the message moved on since.
                await using var stateOf = w.Command(Sql.StateOf).With("@id", messageId);
                if (await stateOf.ExecuteScalarAsync(ct).ConfigureAwait(false) is string stored && OutboxTransitions.IsAllowed(StateNames.ParseOutbox(stored), to))
                {
                    from = StateNames.ParseOutbox(stored);
                    written = await CompleteAsync(w, Sql.CompleteLate, messageId, attempt, from, at, to, reason, receipt, next, ct).ConfigureAwait(false);
                }
            }

            if (written is not { } row)
            {
                return false;
            }

            w.OutboxChanged(from, to, at, messageId, row.Recipient, reason, row.Attempts, row.SealedSha256);
            return true;
        }, cancellationToken);
    }

    private static async Task<(string Recipient, byte[] SealedSha256, int Attempts)?> CompleteAsync(
        PostgresUnitOfWork w, string sql, string messageId, int attempt, OutboxState? from, DateTimeOffset at, OutboxState to, ReasonCode reason, byte[]? receipt, long? next, CancellationToken cancellationToken)
    {
        await using var command = w.Command(sql)
            .With("@id", messageId)
            .With("@attempt", attempt)
            .With("@state", StateNames.Name(to))
            .With("@reason", (int)reason)
            .With("@receipt", receipt)
            .With("@next", next)
            .With("@at", Ms(at));
        if (from is { } state)
        {
            command.With("@from", StateNames.Name(state));
        }

        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? (reader.GetString(0), Blob(reader, 1), reader.GetInt32(2)) : null;
    }

    public Task<IReadOnlyList<string>> ExpireAsync(DateTimeOffset now, ReasonCode reason, CancellationToken cancellationToken) =>
        database.WriteAsync((now, reason), static async (w, s, ct) =>
        {
            var (now, reason) = s;
            var expired = new List<(string MessageId, OutboxState From, string Recipient, byte[] SealedSha256, int Attempts, long ExpiredAt)>();
            await using (var command = w.Command(Sql.Expire).With("@now", Ms(now)).With("@reason", (int)reason))
            await using (var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false))
            {
                while (await reader.ReadAsync(ct).ConfigureAwait(false))
                {
                    expired.Add((reader.GetString(0), StateNames.ParseOutbox(reader.GetString(1)), reader.GetString(2), Blob(reader, 3), reader.GetInt32(4), reader.GetInt64(5)));
                }
            }

            expired.Sort(static (a, b) =>
            {
                var order = a.ExpiredAt.CompareTo(b.ExpiredAt);
                return order != 0 ? order : string.CompareOrdinal(a.MessageId, b.MessageId);
            });
            foreach (var e in expired)
            {
                w.OutboxChanged(e.From, OutboxState.Failed, now, e.MessageId, e.Recipient, reason, e.Attempts, e.SealedSha256);
            }

            return (IReadOnlyList<string>)[.. expired.Select(e => e.MessageId)];
        }, cancellationToken);
}
