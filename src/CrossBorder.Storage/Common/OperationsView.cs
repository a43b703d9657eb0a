using System.Data.Common;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Delivery.States;
using CrossBorder.Core.Storage;
using static CrossBorder.Storage.Common.StoreValues;
using Sql = CrossBorder.Storage.Common.OperationsSql;

namespace CrossBorder.Storage.Common;

/// <summary>
/// The console's read-only views of a store, the same for every database: plain SQL (see
/// <see cref="OperationsSql"/>) on the store's reader connections. Every statement is bounded by a
/// time window (read through the indexes on the times) and a row limit or a fixed set of groups.
/// </summary>
/// <param name="openReader">Opens one of the store's reader connections.</param>
internal sealed class OperationsView(Func<CancellationToken, Task<DbConnection>> openReader) : IOperationsView
{
    /// <inheritdoc />
    public async Task<IReadOnlyList<MessageSummary>> MessagesAsync(MessageQuery query, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(query);
        using var connection = await openReader(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = Sql.Messages(query);
        command.With("@from", Ms(query.From)).With("@to", Ms(query.To)).With("@limit", query.Limit)
            .With("@id", query.IdPart is null ? null : "%" + query.IdPart + "%")
            .With("@peer", query.Peer)
            .With("@type", query.Type is { } type ? (int)type : null)
            .With("@state", query.State is { } state ? StateNames.Name(state) : null);
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var messages = new List<MessageSummary>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            messages.Add(new MessageSummary(
                Direction: StateNames.ParseDirection(reader.GetString(0)),
                MessageId: reader.GetString(1),
                Peer: reader.GetString(2),
                Type: (MessageType)reader.GetInt32(3),
                State: StateNames.ParseAudit(reader.GetString(4)),
                Reason: (ReasonCode)reader.GetInt32(5),
                Attempts: reader.GetInt32(6),
                SealedBytes: reader.IsDBNull(7) ? null : reader.GetInt64(7),
                At: Time(reader, 8),
                TraceParent: NullableText(reader, 9)));
        }

        return messages;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<PeerActivity>> PeerActivityAsync(IReadOnlyCollection<string> peers, DateTimeOffset since, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(peers);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(peers.Count, OperationsLimits.MaxPeers);
        OperationsLimits.CheckWindow(since, now);
        var lookback = now - OperationsLimits.Lookback;
        using var connection = await openReader(cancellationToken).ConfigureAwait(false);
        var counts = await CountsByPeerAsync(connection, since, now, cancellationToken).ConfigureAwait(false);
        var pending = await PendingByPeerAsync(connection, cancellationToken).ConfigureAwait(false);
        var activity = new List<PeerActivity>(peers.Count);
        foreach (var peer in peers.Distinct(StringComparer.Ordinal).Order(StringComparer.Ordinal))
        {
            var (delivered, received, refused) = counts.GetValueOrDefault(peer);
            var success = await LastAsync(connection, Sql.LastSuccess, peer, lookback, now, cancellationToken).ConfigureAwait(false);
            var failure = await LastAsync(connection, Sql.LastFailure, peer, lookback, now, cancellationToken).ConfigureAwait(false);
            var queue = pending.GetValueOrDefault(peer) ?? new Pending();
            activity.Add(new PeerActivity(
                peer, delivered, received, refused, success?.At, failure?.At, failure?.Reason ?? ReasonCode.Unspecified,
                queue.Depth, queue.Oldest, queue.Retrying, queue.NextRetry, queue.RetryReason));
        }

        return activity;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<RefusalCount>> RefusalsAsync(DateTimeOffset since, DateTimeOffset until, TimeSpan bucket, CancellationToken cancellationToken)
    {
        OperationsLimits.CheckWindow(since, until, bucket);
        using var connection = await openReader(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = Sql.Refusals;
        command.With("@from", Ms(since)).With("@to", Ms(until)).With("@bucket", (long)bucket.TotalMilliseconds);
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var counts = new List<RefusalCount>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            counts.Add(new RefusalCount(
                reader.GetString(0),
                StateNames.ParseDirection(reader.GetString(1)),
                (ReasonCode)reader.GetInt32(2),
                since + (bucket * reader.GetInt64(3)),
                reader.GetInt64(4)));
        }

        return counts;
    }

    /// <inheritdoc />
    public async Task<IReadOnlyList<RateBucket>> RatesAsync(DateTimeOffset since, DateTimeOffset until, TimeSpan bucket, CancellationToken cancellationToken)
    {
        OperationsLimits.CheckWindow(since, until, bucket);
        var buckets = (int)Math.Ceiling((until - since) / bucket);
        var rates = new (long Delivered, long Received, long Refused)[buckets];
        using (var connection = await openReader(cancellationToken).ConfigureAwait(false))
        using (var command = connection.CreateCommand())
        {
            command.CommandText = Sql.Rates;
            command.With("@from", Ms(since)).With("@to", Ms(until)).With("@bucket", (long)bucket.TotalMilliseconds);
            using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
            while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
            {
                var index = reader.GetInt64(0);
                if (index >= 0 && index < buckets)
                {
                    rates[index] = (reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3));
                }
            }
        }

        return [.. rates.Select((r, i) => new RateBucket(since + (bucket * i), r.Delivered, r.Received, r.Refused))];
    }

    /// <inheritdoc />
    public async Task<IReadOnlyDictionary<InboxState, long>> InboxCountsAsync(CancellationToken cancellationToken)
    {
        var counts = Enum.GetValues<InboxState>().ToDictionary(s => s, _ => 0L);
        using var connection = await openReader(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = Sql.InboxCounts;
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            counts[StateNames.ParseInbox(reader.GetString(0))] = reader.GetInt64(1);
        }

        return counts;
    }

    private static async Task<Dictionary<string, (long Delivered, long Received, long Refused)>> CountsByPeerAsync(
        DbConnection connection, DateTimeOffset since, DateTimeOffset now, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Sql.PeerCounts;
        command.With("@from", Ms(since)).With("@to", Ms(now));
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var counts = new Dictionary<string, (long, long, long)>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            counts[reader.GetString(0)] = (reader.GetInt64(1), reader.GetInt64(2), reader.GetInt64(3));
        }

        return counts;
    }

    private static async Task<Dictionary<string, Pending>> PendingByPeerAsync(DbConnection connection, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.CommandText = Sql.Pending;
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var pending = new Dictionary<string, Pending>(StringComparer.Ordinal);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            pending[reader.GetString(0)] = new Pending(
                reader.GetInt64(1), Time(reader, 2), reader.GetInt64(3), NullableTime(reader, 4),
                reader.IsDBNull(5) ? ReasonCode.Unspecified : (ReasonCode)reader.GetInt32(5));
        }

        return pending;
    }

    private static async Task<(DateTimeOffset At, ReasonCode Reason)?> LastAsync(
        DbConnection connection, string sql, string peer, DateTimeOffset from, DateTimeOffset to, CancellationToken cancellationToken)
    {
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        command.With("@peer", peer).With("@from", Ms(from)).With("@to", Ms(to));
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? (Time(reader, 0), (ReasonCode)reader.GetInt32(1)) : null;
    }

    private sealed record Pending(long Depth = 0, DateTimeOffset? Oldest = null, long Retrying = 0, DateTimeOffset? NextRetry = null, ReasonCode RetryReason = ReasonCode.Unspecified);
}
