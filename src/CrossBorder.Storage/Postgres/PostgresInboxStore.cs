using CrossBorder.Contracts.V1;
using CrossBorder.Core.Delivery.States;
using CrossBorder.Core.Storage;
using static CrossBorder.Storage.Common.StateText;
using static CrossBorder.Storage.Common.StoreValues;

namespace CrossBorder.Storage.Postgres;

/// <summary>
/// The inbox writes of a <see cref="PostgresDatabase"/>. The primary key (sender, message id) is the
/// deduplication of every replica: a concurrent commit of the same message waits for the first and
/// is answered with its record. Each new message is announced on <see cref="PostgresInboxListener.Channel"/>
/// at its commit, so that readers waiting on any replica wake.
/// </summary>
internal sealed class PostgresInboxStore(PostgresDatabase database)
{
    private static readonly string CommitSql = $"""
        INSERT INTO inbox (sender, message_id, conversation_id, message_type, envelope, sealed_sha256, received_at, expires_at,
            state, signed_receipt, offered_at, acknowledged_at, trace_parent, route_sha256, sealed_size, review_date, erasure_date, erase_at)
        VALUES (@sender, @id, @conversation, @type, @envelope, @sha, @received, @expires,
            {Sql(InboxTransitions.Entry)}, @receipt, NULL, NULL, @trace::text, @route::bytea, octet_length(@envelope),
            @review::text, @erasure::text, @erase_at::bigint)
        ON CONFLICT (sender, message_id) DO NOTHING;
        """;

    private static readonly string NotifySql = $"SELECT pg_notify('{PostgresInboxListener.Channel}', '');";

    private static readonly string OfferSql = $"""
        SELECT {InboxReads.OfferColumns}
        FROM inbox
        WHERE message_type = ANY(@types) AND {InboxReads.OfferableWhere}
        ORDER BY {InboxReads.OfferOrder}
        LIMIT @max;
        """;

    private static readonly string MarkOfferedSql = $"""
        UPDATE inbox SET state = {Sql(InboxState.Offered)}, offered_at = @now
        WHERE sender = @sender AND message_id = @id AND state = {Sql(InboxState.Received)} AND offered_at IS NULL;
        """;

    private const string LockSql = "SELECT message_type, acknowledged_at, sealed_sha256, state, notice_types FROM inbox WHERE sender = @sender AND message_id = @id FOR UPDATE;";

    private static readonly string QuarantineSql = $"""
        UPDATE inbox SET open_failures = open_failures + 1,
            state = CASE WHEN open_failures + 1 >= @limit THEN {Sql(InboxState.Quarantined)} ELSE state END
        WHERE sender = @sender AND message_id = @id
        RETURNING state;
        """;

    private static readonly string AcknowledgeSql = $"""
        UPDATE inbox SET state = {Sql(InboxState.Acknowledged)}, acknowledged_at = @now
        WHERE sender = @sender AND message_id = @id AND acknowledged_at IS NULL;
        """;

    private static readonly string PurgeSql = $"""
        UPDATE inbox SET envelope = NULL, state = {Sql(InboxState.Purged)}
        WHERE state = {Sql(InboxState.Acknowledged)} AND acknowledged_at <= @before
        RETURNING sender, message_id, sealed_sha256;
        """;

    public Task<InboundCommit> CommitInboundAsync(InboundMessage message, CancellationToken cancellationToken) =>
        CommitAsync(message, null, cancellationToken);

    public Task<InboundCommit> CommitNoticeAsync(InboundMessage message, InboundNotice notice, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notice);
        return CommitAsync(message with { SignedReceipt = [] }, notice, cancellationToken);
    }

    public Task<int> EraseDueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken) =>
        database.WriteAsync((now, max), static (w, s, ct) => NoticeWrites.EraseDueAsync(w, s.now, s.max, ct), cancellationToken);

    private Task<InboundCommit> CommitAsync(InboundMessage message, InboundNotice? notice, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(message.Sender);
        ArgumentNullException.ThrowIfNull(message.MessageId);
        ArgumentNullException.ThrowIfNull(message.ConversationId);
        ArgumentNullException.ThrowIfNull(message.SealedSha256);
        ArgumentNullException.ThrowIfNull(message.SignedReceipt);
        return database.WriteAsync((message, notice), static async (w, s, ct) =>
        {
            var (m, notice) = s;
            await using var insert = w.Command(CommitSql)
                .With("@sender", m.Sender)
                .With("@id", m.MessageId)
                .With("@conversation", m.ConversationId)
                .With("@type", (int)m.MessageType)
                .With("@envelope", StoreValues.Array(m.Envelope))
                .With("@sha", m.SealedSha256)
                .With("@received", Ms(m.ReceivedAt))
                .With("@expires", Ms(m.ExpiresAt))
                .With("@receipt", m.SignedReceipt)
                .With("@trace", m.TraceParent)
                .With("@route", m.RouteSha256)
                .With("@review", m.ReviewDate)
                .With("@erasure", m.ErasureDate)
                .With("@erase_at", Ms(m.EraseAt));
            if (await insert.ExecuteNonQueryAsync(ct).ConfigureAwait(false) == 0)
            {
                await using var find = w.Command(InboxReads.FindSql).With("@sender", m.Sender).With("@id", m.MessageId);
                await using var reader = await find.ExecuteReaderAsync(ct).ConfigureAwait(false);
                if (!await reader.ReadAsync(ct).ConfigureAwait(false))
                {
                    throw new InvalidOperationException($"inbound message {m.MessageId} was neither stored nor found");
                }

                return new InboundCommit(false, InboxReads.ReadRecord(reader));
            }

            await using (var notify = w.Command(NotifySql))
            {
                await notify.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
            }

            w.InboxEntered(m.ReceivedAt, m.MessageId, m.Sender, m.SealedSha256);
            if (notice is null)
            {
                var ended = await NoticeWrites.ApplyAwaitedAsync(w, m, ct).ConfigureAwait(false);
                return new InboundCommit(true, null, m.SignedReceipt, ended);
            }

            return new InboundCommit(true, null, await NoticeWrites.ApplyNoticeAsync(w, m, notice, ct).ConfigureAwait(false));
        }, cancellationToken);
    }

    public async Task<IReadOnlyList<InboxItem>> OfferAsync(IReadOnlySet<MessageType> types, int max, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(types);
        ArgumentOutOfRangeException.ThrowIfNegative(max);
        if (max == 0 || types.Count == 0)
        {
            return [];
        }

        var items = new List<InboxItem>();
        List<(string Sender, string MessageId, byte[] SealedSha256)>? firstOffers = null;
        await using (var connection = await database.OpenReaderAsync(cancellationToken).ConfigureAwait(false))
        await using (var command = connection.CreateCommand())
        {
            command.CommandText = OfferSql;
            command.With("@types", types.Select(t => (int)t).ToArray()).With("@max", max).With("@now", Ms(now)).With("@mask", InboxReads.Mask(types));
            await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var (item, first, sealedSha256) = InboxReads.ReadOffered(reader);
                items.Add(item);
                if (first)
                {
                    (firstOffers ??= []).Add((item.Sender, item.MessageId, sealedSha256));
                }
            }
        }

        // As in the SQLite store: only a first offer writes, guarded on RECEIVED, so a message
        // offered by another replica meanwhile gets no second OFFERED entry.
        if (firstOffers is not null)
        {
            await database.WriteAsync((firstOffers, now), static async (w, s, ct) =>
            {
                var (firstOffers, now) = s;
                foreach (var (sender, messageId, sealedSha256) in firstOffers)
                {
                    await using var mark = w.Command(MarkOfferedSql).With("@sender", sender).With("@id", messageId).With("@now", Ms(now));
                    if (await mark.ExecuteNonQueryAsync(ct).ConfigureAwait(false) == 1)
                    {
                        w.InboxChanged(InboxState.Received, InboxState.Offered, now, messageId, sender, ReasonCode.Unspecified, sealedSha256);
                    }
                }

                return true;
            }, cancellationToken).ConfigureAwait(false);
        }

        return items;
    }

    public Task<bool> RecordOpenFailureAsync(string sender, string messageId, ReasonCode reason, int quarantineAfter, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sender);
        ArgumentNullException.ThrowIfNull(messageId);
        ArgumentOutOfRangeException.ThrowIfLessThan(quarantineAfter, 1);
        return database.WriteAsync((sender, messageId, reason, quarantineAfter, now), static async (w, s, ct) =>
        {
            var (sender, messageId, reason, quarantineAfter, now) = s;
            var row = await LockAsync(w, sender, messageId, ct).ConfigureAwait(false);
            if (row is not { } found || !InboxTransitions.IsAllowed(found.State, InboxState.Quarantined))
            {
                return false;
            }

            await using var update = w.Command(QuarantineSql).With("@sender", sender).With("@id", messageId).With("@limit", quarantineAfter);
            if (await update.ExecuteScalarAsync(ct).ConfigureAwait(false) is not string state || StateNames.ParseInbox(state) != InboxState.Quarantined)
            {
                return false;
            }

            w.InboxChanged(found.State, InboxState.Quarantined, now, messageId, sender, reason, found.SealedSha256);
            return true;
        }, cancellationToken);
    }

    public Task<IReadOnlyList<DateTimeOffset?>> AcknowledgeAsync(IReadOnlyList<InboxKey> messages, IReadOnlySet<MessageType> types, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        ArgumentNullException.ThrowIfNull(types);
        return database.WriteAsync((messages, types, now), static async (w, s, ct) =>
        {
            var (messages, types, now) = s;
            var answers = new DateTimeOffset?[messages.Count];
            for (var i = 0; i < messages.Count; i++)
            {
                var message = messages[i];
                ArgumentNullException.ThrowIfNull(message.Sender);
                ArgumentNullException.ThrowIfNull(message.MessageId);
                var row = await LockAsync(w, message.Sender, message.MessageId, ct).ConfigureAwait(false);
                // A message withdrawn, superseded or expired before it was acknowledged is no longer in the inbox.
                if (row is not { } found || !InboxReads.ReadableBy(types, found.Type, found.NoticeTypes)
                    || (found.AcknowledgedAt is null && !InboxTransitions.IsAllowed(found.State, InboxState.Acknowledged)))
                {
                    continue;
                }

                if (found.AcknowledgedAt is { } earlier)
                {
                    answers[i] = earlier;
                    continue;
                }

                await using var update = w.Command(AcknowledgeSql).With("@sender", message.Sender).With("@id", message.MessageId).With("@now", Ms(now));
                await update.ExecuteNonQueryAsync(ct).ConfigureAwait(false);
                w.InboxChanged(found.State, InboxState.Acknowledged, now, message.MessageId, message.Sender, ReasonCode.Unspecified, found.SealedSha256);
                answers[i] = Time(now);
            }

            return (IReadOnlyList<DateTimeOffset?>)answers;
        }, cancellationToken);
    }

    public Task<int> PurgeAsync(DateTimeOffset acknowledgedBefore, DateTimeOffset now, CancellationToken cancellationToken) =>
        database.WriteAsync((acknowledgedBefore, now), static async (w, s, ct) =>
        {
            var (acknowledgedBefore, now) = s;
            var purged = new List<(string Sender, string MessageId, byte[] SealedSha256)>();
            await using (var command = w.Command(PurgeSql).With("@before", Ms(acknowledgedBefore)))
            await using (var reader = await command.ExecuteReaderAsync(ct).ConfigureAwait(false))
            {
                while (await reader.ReadAsync(ct).ConfigureAwait(false))
                {
                    purged.Add((reader.GetString(0), reader.GetString(1), Blob(reader, 2)));
                }
            }

            purged.Sort(static (a, b) =>
            {
                var order = string.CompareOrdinal(a.Sender, b.Sender);
                return order != 0 ? order : string.CompareOrdinal(a.MessageId, b.MessageId);
            });
            foreach (var (sender, messageId, sealedSha256) in purged)
            {
                w.InboxChanged(InboxState.Acknowledged, InboxState.Purged, now, messageId, sender, ReasonCode.Unspecified, sealedSha256);
            }

            return purged.Count;
        }, cancellationToken);

    /// <summary>Locks one inbox row for this write and reads what the state changes need; null when there is none.</summary>
    private static async Task<(MessageType Type, DateTimeOffset? AcknowledgedAt, byte[] SealedSha256, InboxState State, long NoticeTypes)?> LockAsync(
        PostgresUnitOfWork w, string sender, string messageId, CancellationToken cancellationToken)
    {
        await using var command = w.Command(LockSql).With("@sender", sender).With("@id", messageId);
        await using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false)
            ? ((MessageType)reader.GetInt32(0), NullableTime(reader, 1), Blob(reader, 2), StateNames.ParseInbox(reader.GetString(3)), reader.GetInt64(4))
            : null;
    }
}
