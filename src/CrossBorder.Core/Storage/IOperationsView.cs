using CrossBorder.Core.Delivery.States;

namespace CrossBorder.Core.Storage;

/// <summary>
/// What the operations console reads from the store: bounded, read-only views of the flow (ids,
/// types, states, reason codes, sizes, times; never a value of a payload). Every query is bounded by
/// a time window and a row limit, so that a page refresh costs the same however long the gateway ran.
/// </summary>
public interface IOperationsView
{
    /// <summary>The messages of both boxes, and the inbound messages refused before the inbox, that match <paramref name="query"/>: newest first, at most <see cref="MessageQuery.Limit"/>.</summary>
    Task<IReadOnlyList<MessageSummary>> MessagesAsync(MessageQuery query, CancellationToken cancellationToken);

    /// <summary>
    /// For each of <paramref name="peers"/> (at most <see cref="OperationsLimits.MaxPeers"/>): what happened with it since
    /// <paramref name="since"/>, its last success and failure within <see cref="OperationsLimits.Lookback"/> before <paramref name="now"/>, and its pending outbox.
    /// </summary>
    Task<IReadOnlyList<PeerActivity>> PeerActivityAsync(IReadOnlyCollection<string> peers, DateTimeOffset since, DateTimeOffset now, CancellationToken cancellationToken);

    /// <summary>Refusals in [<paramref name="since"/>, <paramref name="until"/>) by peer, direction, reason code and bucket of <paramref name="bucket"/> (at most <see cref="OperationsLimits.MaxBuckets"/> buckets).</summary>
    Task<IReadOnlyList<RefusalCount>> RefusalsAsync(DateTimeOffset since, DateTimeOffset until, TimeSpan bucket, CancellationToken cancellationToken);

    /// <summary>Deliveries, receptions and refusals per bucket of <paramref name="bucket"/> in [<paramref name="since"/>, <paramref name="until"/>), every bucket present (zero when quiet).</summary>
    Task<IReadOnlyList<RateBucket>> RatesAsync(DateTimeOffset since, DateTimeOffset until, TimeSpan bucket, CancellationToken cancellationToken);

    /// <summary>Counts of inbox messages by state, every <see cref="InboxState"/> present (zero when none).</summary>
    Task<IReadOnlyDictionary<InboxState, long>> InboxCountsAsync(CancellationToken cancellationToken);
}
