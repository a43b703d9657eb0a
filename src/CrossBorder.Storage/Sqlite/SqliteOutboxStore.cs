using System.Text.Json;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Delivery.States;
using CrossBorder.Core.Storage;
using Microsoft.Data.Sqlite;
using static CrossBorder.Storage.Common.StoreValues;
using Sql = CrossBorder.Storage.Sqlite.SqliteOutboxSql;

namespace CrossBorder.Storage.Sqlite;

/// <summary>
/// The outbox writes of a <see cref="SqliteDatabase"/> (its reads are <see cref="OutboxReads"/>). Every state change is one write: the row is
/// changed in the state it was found in, and <see cref="SqliteUnitOfWork"/> checks the move and
/// appends its audit entry in the same transaction.
/// </summary>
internal sealed class SqliteOutboxStore(SqliteDatabase database)
{
    // As the inbox's notice writes: on SQLite's unit of work the shared steps are complete when they return.
    public Task<IReadOnlyList<string>> CancelForNoticeAsync(OutboundNotice notice, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notice);
        return database.WriteAsync((notice, now), static (w, s) => NoticeWrites.CancelForNoticeAsync(w, s.notice, s.now, CancellationToken.None).GetAwaiter().GetResult(), cancellationToken);
    }

    public Task EnqueueAsync(OutboundMessage message, DateTimeOffset now, CancellationToken cancellationToken) =>
        Enqueue(message, now, null, cancellationToken);

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
        return database.WriteAsync((message, now, lease), static (w, s) =>
        {
            var (m, now, lease) = s;
            if (m.SubmissionKey is not null
                && w.Command(OutboxReadSql.Submission).With("@submittedBy", m.SubmittedBy).With("@key", m.SubmissionKey).ExecuteScalar() is string prior)
            {
                throw new DuplicateSubmissionException(prior);
            }

            // Claimed at once: the row is written SENDING, as QUEUED then claimed in this same transaction.
            var attempts = lease is null ? m.Attempts : m.Attempts + 1;
            var inserted = w.Command(Sql.Enqueue)
                .With("@id", m.MessageId)
                .With("@conversation", m.ConversationId)
                .With("@recipient", m.Recipient)
                .With("@type", (long)m.MessageType)
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
                .ExecuteNonQuery();
            if (inserted == 0)
            {
                throw new DuplicateMessageException(m.MessageId);
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

        return await database.WriteAsync((now, max, lease), static (w, s) =>
        {
            var (now, max, lease) = s;
            var due = new List<(string MessageId, OutboxState From)>();
            using (var reader = w.Command(Sql.Due).With("@now", Ms(now)).With("@max", max).ExecuteReader())
            {
                while (reader.Read())
                {
                    due.Add((reader.GetString(0), StateNames.ParseOutbox(reader.GetString(1))));
                }
            }

            if (due.Count == 0)
            {
                return (IReadOnlyList<OutboundMessage>)[];
            }

            // One statement claims them all; RETURNING gives no order, so they are put back in the
            // order found (oldest due first), each audited as a move from the state it was found in.
            var claimed = new OutboundMessage[due.Count];
            var position = new Dictionary<string, int>(due.Count, StringComparer.Ordinal);
            for (var i = 0; i < due.Count; i++)
            {
                position[due[i].MessageId] = i;
            }

            using (var reader = w.Command(Sql.Claim)
                .With("@ids", JsonSerializer.Serialize(due.Select(d => d.MessageId)))
                .With("@now", Ms(now))
                .With("@lease", Ms(now + lease))
                .ExecuteReader())
            {
                while (reader.Read())
                {
                    var message = ReadClaimed(reader);
                    claimed[position[message.MessageId]] = message;
                }
            }

            for (var i = 0; i < claimed.Length; i++)
            {
                var message = claimed[i] ?? throw new InvalidOperationException($"message {due[i].MessageId} was due but could not be claimed");
                w.OutboxChanged(due[i].From, OutboxState.Sending, now, message.MessageId, message.Recipient, ReasonCode.Unspecified, message.Attempts, message.SealedSha256);
            }

            return (IReadOnlyList<OutboundMessage>)claimed;
        }, cancellationToken).ConfigureAwait(false);
    }

    public Task<int> ReleaseLeasesAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        database.WriteAsync(now, static (w, now) => w.Command(Sql.ReleaseLeases).With("@now", Ms(now)).ExecuteNonQuery(), cancellationToken);

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
        return database.WriteAsync((messageId, attempt, outcome.At, to, reason, receipt, next), static (w, s) =>
        {
            var (messageId, attempt, at, to, reason, receipt, next) = s;
            var from = OutboxState.Sending;
            var written = Complete(w, Sql.Complete, messageId, attempt, null, at, to, reason, receipt, next);
            if (written is null && to == OutboxState.Delivered
                && w.Command(Sql.StateOf).With("@id", messageId).ExecuteScalar() is string stored
                && OutboxTransitions.IsAllowed(StateNames.ParseOutbox(stored), to))
            {
                // A late delivery: the attempt lost its lease, or the message moved on since.
                from = StateNames.ParseOutbox(stored);
                written = Complete(w, Sql.CompleteLate, messageId, attempt, from, at, to, reason, receipt, next);
            }

            if (written is not { } row)
            {
                return false;
            }

            w.OutboxChanged(from, to, at, messageId, row.Recipient, reason, row.Attempts, row.SealedSha256);
            return true;
        }, cancellationToken);
    }

    /// <summary>Runs one of the completion statements; the row it changed, or null when none.</summary>
    private static (string Recipient, byte[] SealedSha256, int Attempts)? Complete(
        SqliteUnitOfWork w, string sql, string messageId, int attempt, OutboxState? from, DateTimeOffset at, OutboxState to, ReasonCode reason, byte[]? receipt, long? next)
    {
        using var reader = w.Command(sql)
            .With("@id", messageId)
            .With("@attempt", attempt)
            .With("@from", from is { } state ? StateNames.Name(state) : null)
            .With("@state", StateNames.Name(to))
            .With("@reason", (long)reason)
            .With("@receipt", receipt)
            .With("@next", next)
            .With("@at", Ms(at))
            .ExecuteReader();
        return reader.Read() ? (reader.GetString(0), Blob(reader, 1), reader.GetInt32(2)) : null;
    }

    public Task<IReadOnlyList<string>> ExpireAsync(DateTimeOffset now, ReasonCode reason, CancellationToken cancellationToken) =>
        database.WriteAsync((now, reason), static (w, s) =>
        {
            var (now, reason) = s;
            var expiring = new List<(string MessageId, OutboxState From)>();
            using (var reader = w.Command(Sql.Expiring).With("@now", Ms(now)).ExecuteReader())
            {
                while (reader.Read())
                {
                    expiring.Add((reader.GetString(0), StateNames.ParseOutbox(reader.GetString(1))));
                }
            }

            var ids = new string[expiring.Count];
            for (var i = 0; i < expiring.Count; i++)
            {
                var (messageId, from) = expiring[i];
                using (var reader = w.Command(Sql.Expire)
                    .With("@id", messageId)
                    .With("@from", StateNames.Name(from))
                    .With("@now", Ms(now))
                    .With("@reason", (long)reason)
                    .ExecuteReader())
                {
                    if (!reader.Read())
                    {
                        throw new InvalidOperationException($"message {messageId} was expiring but could not be expired");
                    }

                    w.OutboxChanged(from, OutboxState.Failed, now, messageId, reader.GetString(0), reason, reader.GetInt32(2), Blob(reader, 1));
                }

                ids[i] = messageId;
            }

            return (IReadOnlyList<string>)ids;
        }, cancellationToken);

    private static OutboundMessage ReadClaimed(SqliteDataReader reader) => new(
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
}
