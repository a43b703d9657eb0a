using System.Globalization;
using System.Text;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Storage;
using Microsoft.Data.Sqlite;
using static CrossBorder.Storage.Sqlite.SqliteValues;

namespace CrossBorder.Storage.Sqlite;

public sealed partial class SqliteMessageStore
{
    private const string FindInboundSql = """
        SELECT sender, message_id, message_type, state, sealed_sha256, signed_receipt, received_at, acknowledged_at, route_sha256
        FROM inbox WHERE sender = $sender AND message_id = $id;
        """;

    private const string CommitInboundSql = """
        INSERT INTO inbox (sender, message_id, conversation_id, message_type, envelope, sealed_sha256, received_at, expires_at,
            state, signed_receipt, offered_at, acknowledged_at, trace_parent, route_sha256)
        VALUES ($sender, $id, $conversation, $type, $envelope, $sha, $received, $expires,
            'RECEIVED', $receipt, NULL, NULL, $trace, $route)
        ON CONFLICT (sender, message_id) DO NOTHING;
        """;

    // $types is a JSON array of message type numbers.
    private const string OfferSql = """
        SELECT sender, message_id, message_type, envelope, received_at, trace_parent, offered_at IS NULL, sealed_sha256
        FROM inbox
        WHERE message_type IN (SELECT value FROM json_each($types)) AND state IN ('RECEIVED', 'OFFERED') AND envelope IS NOT NULL
        ORDER BY received_at, sender, message_id
        LIMIT $max;
        """;

    private const string MarkOfferedSql = """
        UPDATE inbox SET state = 'OFFERED', offered_at = $now
        WHERE sender = $sender AND message_id = $id AND state = 'RECEIVED' AND offered_at IS NULL;
        """;

    // Counts a failed open; at the limit the message leaves the offerable states for good.
    private const string OpenFailedSql = """
        UPDATE inbox SET open_failures = open_failures + 1,
            state = CASE WHEN open_failures + 1 >= $limit THEN 'QUARANTINED' ELSE state END
        WHERE sender = $sender AND message_id = $id AND state IN ('RECEIVED', 'OFFERED')
        RETURNING state, sealed_sha256;
        """;

    private const string AcknowledgeLookupSql = """
        SELECT message_type, acknowledged_at, sealed_sha256 FROM inbox WHERE sender = $sender AND message_id = $id;
        """;

    private const string AcknowledgeSql = """
        UPDATE inbox SET state = 'ACKNOWLEDGED', acknowledged_at = $now
        WHERE sender = $sender AND message_id = $id AND acknowledged_at IS NULL;
        """;

    private const string PurgeSql = """
        UPDATE inbox SET envelope = NULL, state = 'PURGED'
        WHERE state = 'ACKNOWLEDGED' AND acknowledged_at <= $before
        RETURNING sender, message_id, sealed_sha256;
        """;

    /// <inheritdoc />
    public async Task<InboundRecord?> FindInboundAsync(string sender, string messageId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sender);
        ArgumentNullException.ThrowIfNull(messageId);
        using var connection = await OpenReaderAsync(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = FindInboundSql;
        command.With("$sender", sender).With("$id", messageId);
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ReadInboundRecord(reader) : null;
    }

    /// <inheritdoc />
    public Task<InboundCommit> CommitInboundAsync(InboundMessage message, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(message);
        ArgumentNullException.ThrowIfNull(message.Sender);
        ArgumentNullException.ThrowIfNull(message.MessageId);
        ArgumentNullException.ThrowIfNull(message.ConversationId);
        ArgumentNullException.ThrowIfNull(message.SealedSha256);
        ArgumentNullException.ThrowIfNull(message.SignedReceipt);
        return WriteAsync(message, static (w, m) =>
        {
            var inserted = w.Command(CommitInboundSql)
                .With("$sender", m.Sender)
                .With("$id", m.MessageId)
                .With("$conversation", m.ConversationId)
                .With("$type", (long)m.MessageType)
                .With("$envelope", SqliteValues.Array(m.Envelope))
                .With("$sha", m.SealedSha256)
                .With("$received", Ms(m.ReceivedAt))
                .With("$expires", Ms(m.ExpiresAt))
                .With("$receipt", m.SignedReceipt)
                .With("$trace", m.TraceParent)
                .With("$route", m.RouteSha256)
                .ExecuteNonQuery();
            if (inserted == 0)
            {
                using var reader = w.Command(FindInboundSql).With("$sender", m.Sender).With("$id", m.MessageId).ExecuteReader();
                if (!reader.Read())
                {
                    throw new InvalidOperationException($"inbound message {m.MessageId} was neither stored nor found");
                }

                return new InboundCommit(false, ReadInboundRecord(reader));
            }

            w.Audit(m.ReceivedAt, m.MessageId, MessageStates.In, m.Sender, MessageStates.Received, ReasonCode.Unspecified, 0, m.SealedSha256);
            return new InboundCommit(true, null);
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task RecordInboundRejectionAsync(string sender, string messageId, byte[] sealedSha256, ReasonCode reason, DateTimeOffset at, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sender);
        ArgumentNullException.ThrowIfNull(messageId);
        ArgumentNullException.ThrowIfNull(sealedSha256);
        return WriteAsync((sender, messageId, sealedSha256, reason, at), static (w, s) =>
        {
            w.Audit(s.at, s.messageId, MessageStates.In, s.sender, MessageStates.Rejected, s.reason, 0, s.sealedSha256);
            return true;
        }, cancellationToken);
    }

    /// <inheritdoc />
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
        using (var connection = await OpenReaderAsync(cancellationToken).ConfigureAwait(false))
        using (var command = connection.CreateCommand())
        {
            command.CommandText = OfferSql;
            command.With("$types", TypesJson(types)).With("$max", max);
            using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var item = new InboxItem(
                    Sender: reader.GetString(0),
                    MessageId: reader.GetString(1),
                    MessageType: (MessageType)reader.GetInt32(2),
                    Envelope: Blob(reader, 3),
                    ReceivedAt: Time(reader, 4),
                    TraceParent: NullableText(reader, 5));
                items.Add(item);
                if (reader.GetBoolean(6))
                {
                    (firstOffers ??= []).Add((item.Sender, item.MessageId, Blob(reader, 7)));
                }
            }
        }

        // Only a first offer writes: the state change and its audit entry, all of this offer in one
        // transaction. The guard on RECEIVED makes a message acknowledged, or offered by a concurrent
        // call, since it was read keep its state and get no second OFFERED entry.
        if (firstOffers is not null)
        {
            await WriteAsync((firstOffers, now), static (w, s) =>
            {
                var (firstOffers, now) = s;
                foreach (var (sender, messageId, sealedSha256) in firstOffers)
                {
                    var marked = w.Command(MarkOfferedSql)
                        .With("$sender", sender)
                        .With("$id", messageId)
                        .With("$now", Ms(now))
                        .ExecuteNonQuery();
                    if (marked == 1)
                    {
                        w.Audit(now, messageId, MessageStates.In, sender, MessageStates.Offered, ReasonCode.Unspecified, 0, sealedSha256);
                    }
                }

                return true;
            }, cancellationToken).ConfigureAwait(false);
        }

        return items;
    }

    /// <inheritdoc />
    public Task<bool> RecordOpenFailureAsync(string sender, string messageId, ReasonCode reason, int quarantineAfter, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sender);
        ArgumentNullException.ThrowIfNull(messageId);
        ArgumentOutOfRangeException.ThrowIfLessThan(quarantineAfter, 1);
        return WriteAsync((sender, messageId, reason, quarantineAfter, now), static (w, s) =>
        {
            var (sender, messageId, reason, quarantineAfter, now) = s;
            byte[] sealedSha256;
            using (var reader = w.Command(OpenFailedSql)
                .With("$sender", sender)
                .With("$id", messageId)
                .With("$limit", quarantineAfter)
                .ExecuteReader())
            {
                if (!reader.Read() || reader.GetString(0) != MessageStates.Quarantined)
                {
                    return false;
                }

                sealedSha256 = Blob(reader, 1);
            }

            w.Audit(now, messageId, MessageStates.In, sender, MessageStates.Quarantined, reason, 0, sealedSha256);
            return true;
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<DateTimeOffset?> AcknowledgeAsync(string sender, string messageId, IReadOnlySet<MessageType> types, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sender);
        ArgumentNullException.ThrowIfNull(messageId);
        ArgumentNullException.ThrowIfNull(types);
        return WriteAsync((sender, messageId, types, now), static (w, s) =>
        {
            var (sender, messageId, types, now) = s;
            MessageType type;
            DateTimeOffset? acknowledgedAt;
            byte[] sealedSha256;
            using (var reader = w.Command(AcknowledgeLookupSql).With("$sender", sender).With("$id", messageId).ExecuteReader())
            {
                if (!reader.Read())
                {
                    return null;
                }

                type = (MessageType)reader.GetInt32(0);
                acknowledgedAt = NullableTime(reader, 1);
                sealedSha256 = Blob(reader, 2);
            }

            if (!types.Contains(type))
            {
                return null;
            }

            if (acknowledgedAt is not null)
            {
                return acknowledgedAt;
            }

            w.Command(AcknowledgeSql).With("$sender", sender).With("$id", messageId).With("$now", Ms(now)).ExecuteNonQuery();
            w.Audit(now, messageId, MessageStates.In, sender, MessageStates.Acknowledged, ReasonCode.Unspecified, 0, sealedSha256);
            return (DateTimeOffset?)Time(now);
        }, cancellationToken);
    }

    /// <inheritdoc />
    public Task<int> PurgeAsync(DateTimeOffset acknowledgedBefore, DateTimeOffset now, CancellationToken cancellationToken) =>
        WriteAsync((acknowledgedBefore, now), static (w, s) =>
        {
            var (acknowledgedBefore, now) = s;
            var purged = new List<(string Sender, string MessageId, byte[] SealedSha256)>();
            using (var reader = w.Command(PurgeSql).With("$before", Ms(acknowledgedBefore)).ExecuteReader())
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
                w.Audit(now, messageId, MessageStates.In, sender, MessageStates.Purged, ReasonCode.Unspecified, 0, sealedSha256);
            }

            return purged.Count;
        }, cancellationToken);

    private static InboundRecord ReadInboundRecord(SqliteDataReader reader) => new(
        Sender: reader.GetString(0),
        MessageId: reader.GetString(1),
        MessageType: (MessageType)reader.GetInt32(2),
        State: reader.GetString(3),
        SealedSha256: Blob(reader, 4),
        SignedReceipt: Blob(reader, 5),
        ReceivedAt: Time(reader, 6),
        AcknowledgedAt: NullableTime(reader, 7),
        RouteSha256: NullableBlob(reader, 8));

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
}
