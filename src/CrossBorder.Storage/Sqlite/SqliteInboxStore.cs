using System.Globalization;
using System.Text;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Delivery.States;
using CrossBorder.Core.Storage;
using static CrossBorder.Storage.Common.StoreValues;
using Sql = CrossBorder.Storage.Sqlite.SqliteInboxSql;

namespace CrossBorder.Storage.Sqlite;

/// <summary>
/// The inbox of a <see cref="SqliteDatabase"/> (finding one record is <see cref="InboxReads"/>). Every state change is one write: the row is changed
/// in the state it was found in, and <see cref="SqliteUnitOfWork"/> checks the move and appends its
/// audit entry in the same transaction.
/// </summary>
internal sealed class SqliteInboxStore(SqliteDatabase database)
{
    public Task<InboundCommit> CommitInboundAsync(InboundMessage message, CancellationToken cancellationToken) =>
        CommitAsync(message, null, cancellationToken);

    public Task<InboundCommit> CommitNoticeAsync(InboundMessage message, InboundNotice notice, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(notice);
        return CommitAsync(message with { SignedReceipt = [] }, notice, cancellationToken);
    }

    // NoticeWrites is written once for both databases, with tasks; on SQLite's unit of work every
    // step runs at once on the writer's thread, so its tasks are complete when they return.
    public Task<int> EraseDueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken) =>
        database.WriteAsync((now, max), static (w, s) => NoticeWrites.EraseDueAsync(w, s.now, s.max, CancellationToken.None).GetAwaiter().GetResult(), cancellationToken);

    private Task<InboundCommit> CommitAsync(InboundMessage message, InboundNotice? notice, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(message.Sender);
        ArgumentNullException.ThrowIfNull(message.MessageId);
        ArgumentNullException.ThrowIfNull(message.ConversationId);
        ArgumentNullException.ThrowIfNull(message.SealedSha256);
        ArgumentNullException.ThrowIfNull(message.SignedReceipt);
        return database.WriteAsync((message, notice), static (w, s) =>
        {
            var (m, notice) = s;
            var inserted = w.Command(Sql.Commit)
                .With("@sender", m.Sender)
                .With("@id", m.MessageId)
                .With("@conversation", m.ConversationId)
                .With("@type", (long)m.MessageType)
                .With("@envelope", StoreValues.Array(m.Envelope))
                .With("@sha", m.SealedSha256)
                .With("@received", Ms(m.ReceivedAt))
                .With("@expires", Ms(m.ExpiresAt))
                .With("@receipt", m.SignedReceipt)
                .With("@trace", m.TraceParent)
                .With("@route", m.RouteSha256)
                .With("@review", m.ReviewDate)
                .With("@erasure", m.ErasureDate)
                .With("@erase_at", Ms(m.EraseAt))
                .ExecuteNonQuery();
            if (inserted == 0)
            {
                using var reader = w.Command(InboxReads.FindSql).With("@sender", m.Sender).With("@id", m.MessageId).ExecuteReader();
                if (!reader.Read())
                {
                    throw new InvalidOperationException($"inbound message {m.MessageId} was neither stored nor found");
                }

                return new InboundCommit(false, InboxReads.ReadRecord(reader));
            }

            w.InboxEntered(m.ReceivedAt, m.MessageId, m.Sender, m.SealedSha256);
            if (notice is null)
            {
                var ended = NoticeWrites.ApplyAwaitedAsync(w, m, CancellationToken.None).GetAwaiter().GetResult();
                return new InboundCommit(true, null, m.SignedReceipt, ended);
            }

            return new InboundCommit(true, null, NoticeWrites.ApplyNoticeAsync(w, m, notice, CancellationToken.None).GetAwaiter().GetResult());
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
        using (var connection = await database.OpenReaderAsync(cancellationToken).ConfigureAwait(false))
        using (var command = connection.CreateCommand())
        {
            command.CommandText = Sql.Offer;
            command.With("@types", TypesJson(types)).With("@max", max).With("@now", Ms(now)).With("@mask", InboxReads.Mask(types));
            using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
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

        // Only a first offer writes: the state change and its audit entry, all of this offer in one
        // transaction. The guard on RECEIVED makes a message acknowledged, or offered by a concurrent
        // call, since it was read keep its state and get no second OFFERED entry.
        if (firstOffers is not null)
        {
            await database.WriteAsync((firstOffers, now), static (w, s) =>
            {
                var (firstOffers, now) = s;
                foreach (var (sender, messageId, sealedSha256) in firstOffers)
                {
                    var marked = w.Command(Sql.MarkOffered)
                        .With("@sender", sender)
                        .With("@id", messageId)
                        .With("@now", Ms(now))
                        .ExecuteNonQuery();
                    if (marked == 1)
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
        return database.WriteAsync((sender, messageId, reason, quarantineAfter, now), static (w, s) =>
        {
            var (sender, messageId, reason, quarantineAfter, now) = s;
            if (w.Command(Sql.StateOf).With("@sender", sender).With("@id", messageId).ExecuteScalar() is not string stored)
            {
                return false;
            }

            var from = StateNames.ParseInbox(stored);
            byte[] sealedSha256;
            using (var reader = w.Command(Sql.OpenFailed)
                .With("@sender", sender)
                .With("@id", messageId)
                .With("@limit", quarantineAfter)
                .ExecuteReader())
            {
                if (!reader.Read() || StateNames.ParseInbox(reader.GetString(0)) != InboxState.Quarantined)
                {
                    return false;
                }

                sealedSha256 = Blob(reader, 1);
            }

            w.InboxChanged(from, InboxState.Quarantined, now, messageId, sender, reason, sealedSha256);
            return true;
        }, cancellationToken);
    }

    public Task<IReadOnlyList<DateTimeOffset?>> AcknowledgeAsync(IReadOnlyList<InboxKey> messages, IReadOnlySet<MessageType> types, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messages);
        ArgumentNullException.ThrowIfNull(types);
        return database.WriteAsync((messages, types, now), static (w, s) =>
        {
            var (messages, types, now) = s;
            var answers = new DateTimeOffset?[messages.Count];
            for (var i = 0; i < messages.Count; i++)
            {
                answers[i] = Acknowledge(w, messages[i], types, now);
            }

            return (IReadOnlyList<DateTimeOffset?>)answers;
        }, cancellationToken);
    }

    public Task<int> PurgeAsync(DateTimeOffset acknowledgedBefore, DateTimeOffset now, CancellationToken cancellationToken) =>
        database.WriteAsync((acknowledgedBefore, now), static (w, s) =>
        {
            var (acknowledgedBefore, now) = s;
            var purged = new List<(string Sender, string MessageId, byte[] SealedSha256)>();
            using (var reader = w.Command(Sql.Purge).With("@before", Ms(acknowledgedBefore)).ExecuteReader())
            {
                while (reader.Read())
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

    private static string TypesJson(IReadOnlySet<MessageType> types)
    {
        var json = new StringBuilder("[");
        foreach (var type in types)
        {
            if (json.Length > 1)
            {
                json.Append(',');
            }

            json.Append(((int)type).ToString(CultureInfo.InvariantCulture));
        }

        return json.Append(']').ToString();
    }

    private static DateTimeOffset? Acknowledge(SqliteUnitOfWork w, InboxKey message, IReadOnlySet<MessageType> types, DateTimeOffset now)
    {
        ArgumentNullException.ThrowIfNull(message.Sender);
        ArgumentNullException.ThrowIfNull(message.MessageId);
        MessageType type;
        DateTimeOffset? acknowledgedAt;
        byte[] sealedSha256;
        InboxState from;
        long noticeTypes;
        using (var reader = w.Command(Sql.AcknowledgeLookup).With("@sender", message.Sender).With("@id", message.MessageId).ExecuteReader())
        {
            if (!reader.Read())
            {
                return null;
            }

            type = (MessageType)reader.GetInt32(0);
            acknowledgedAt = NullableTime(reader, 1);
            sealedSha256 = Blob(reader, 2);
            from = StateNames.ParseInbox(reader.GetString(3));
            noticeTypes = reader.GetInt64(4);
        }

        // A message withdrawn, superseded or expired before it was acknowledged is no longer in the inbox.
        if (!InboxReads.ReadableBy(types, type, noticeTypes) || (acknowledgedAt is null && !InboxTransitions.IsAllowed(from, InboxState.Acknowledged)))
        {
            return null;
        }

        if (acknowledgedAt is not null)
        {
            return acknowledgedAt;
        }

        w.Command(Sql.Acknowledge).With("@sender", message.Sender).With("@id", message.MessageId).With("@now", Ms(now)).ExecuteNonQuery();
        w.InboxChanged(from, InboxState.Acknowledged, now, message.MessageId, message.Sender, ReasonCode.Unspecified, sealedSha256);
        return Time(now);
    }
}
