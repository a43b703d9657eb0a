using System.Collections.Concurrent;
using System.Diagnostics;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Delivery.States;
using CrossBorder.Core.Storage;

namespace CrossBorder.Benchmarks;

/// <summary>
/// Tells the bench when a message it submitted reaches DELIVERED in the sender's outbox: the
/// moment the store's commit of the attempt's outcome returns (the dispatcher records DELIVERED
/// only after it verified the signed receipt). No polling: the sender's store is wrapped. On a
/// receiver's store it counts the inbound commits, which shows how deliveries spread over replicas.
/// </summary>
internal sealed class DeliveryWatch
{
    private static readonly TimeSpan GiveUpAfter = TimeSpan.FromSeconds(60);

    private readonly ConcurrentDictionary<string, TaskCompletionSource<long>> _outcomes = new(StringComparer.Ordinal);
    private long _delivered;
    private long _notDelivered;
    private long _received;

    /// <summary>DELIVERED commits seen so far.</summary>
    public long Delivered => Interlocked.Read(ref _delivered);

    /// <summary>Attempts that ended otherwise (retry scheduled, rejected): each one is a problem the figures must show.</summary>
    public long NotDelivered => Interlocked.Read(ref _notDelivered);

    /// <summary>Inbound messages committed by the wrapped store (a receiver's).</summary>
    public long Received => Interlocked.Read(ref _received);

    /// <summary>The <see cref="Stopwatch"/> timestamp at which the message became DELIVERED; throws when it was rejected.</summary>
    public async Task<long> DeliveredAsync(string messageId)
    {
        var outcome = _outcomes.GetOrAdd(messageId, static _ => new(TaskCreationOptions.RunContinuationsAsynchronously));
        try
        {
            return await outcome.Task.WaitAsync(GiveUpAfter).ConfigureAwait(false);
        }
        finally
        {
            _outcomes.TryRemove(messageId, out _);
        }
    }

    /// <summary>The sender's store, reporting DELIVERED commits here.</summary>
    public IMessageStore Wrap(IMessageStore store) => new WatchedStore(store, this);

    private void Completed(string messageId, AttemptOutcome outcome)
    {
        var at = Stopwatch.GetTimestamp();
        switch (outcome)
        {
            case AttemptOutcome.Delivered:
                Interlocked.Increment(ref _delivered);
                _outcomes.GetOrAdd(messageId, static _ => new(TaskCreationOptions.RunContinuationsAsynchronously)).TrySetResult(at);
                break;
            case AttemptOutcome.Rejected rejected:
                Interlocked.Increment(ref _notDelivered);
                _outcomes.GetOrAdd(messageId, static _ => new(TaskCreationOptions.RunContinuationsAsynchronously))
                    .TrySetException(new InvalidOperationException($"message {messageId} was rejected: {rejected.Reason}"));
                break;
            default:
                Interlocked.Increment(ref _notDelivered);
                break;
        }
    }

    /// <summary>Every call goes to the real store; a committed attempt outcome is reported once the commit returned.</summary>
    private sealed class WatchedStore(IMessageStore inner, DeliveryWatch watch) : IMessageStore
    {
        public async Task<bool> CompleteAttemptAsync(string messageId, int attempt, AttemptOutcome outcome, CancellationToken cancellationToken)
        {
            var recorded = await inner.CompleteAttemptAsync(messageId, attempt, outcome, cancellationToken).ConfigureAwait(false);
            if (recorded)
            {
                watch.Completed(messageId, outcome);
            }

            return recorded;
        }

        public Task InitializeAsync(CancellationToken cancellationToken) => inner.InitializeAsync(cancellationToken);

        public Task EnqueueAsync(OutboundMessage message, DateTimeOffset now, CancellationToken cancellationToken) =>
            inner.EnqueueAsync(message, now, cancellationToken);

        public Task<IReadOnlyList<OutboundMessage>> ClaimDueAsync(DateTimeOffset now, int max, TimeSpan lease, CancellationToken cancellationToken) =>
            inner.ClaimDueAsync(now, max, lease, cancellationToken);

        public Task<int> ReleaseLeasesAsync(DateTimeOffset now, CancellationToken cancellationToken) => inner.ReleaseLeasesAsync(now, cancellationToken);

        public Task EnqueueClaimedAsync(OutboundMessage message, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken) =>
            inner.EnqueueClaimedAsync(message, now, lease, cancellationToken);

        public Task<OutboundRecord?> FindSubmissionAsync(string submittedBy, string submissionKey, CancellationToken cancellationToken) =>
            inner.FindSubmissionAsync(submittedBy, submissionKey, cancellationToken);

        public Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken) => inner.NextDueAsync(cancellationToken);

        public Task<IReadOnlyList<string>> ExpireAsync(DateTimeOffset now, ReasonCode reason, CancellationToken cancellationToken) =>
            inner.ExpireAsync(now, reason, cancellationToken);

        public Task RecordRefusalsAsync(string peer, IReadOnlyDictionary<ReasonCode, int> counts, DateTimeOffset windowEnd, CancellationToken cancellationToken) =>
            inner.RecordRefusalsAsync(peer, counts, windowEnd, cancellationToken);

        public Task<IReadOnlyDictionary<OutboxState, long>> OutboxCountsAsync(CancellationToken cancellationToken) => inner.OutboxCountsAsync(cancellationToken);

        public Task<OutboxBacklog> OutboxBacklogAsync(CancellationToken cancellationToken) => inner.OutboxBacklogAsync(cancellationToken);

        public Task<InboundRecord?> FindInboundAsync(string sender, string messageId, CancellationToken cancellationToken) =>
            inner.FindInboundAsync(sender, messageId, cancellationToken);

        public async Task<InboundCommit> CommitInboundAsync(InboundMessage message, CancellationToken cancellationToken)
        {
            var commit = await inner.CommitInboundAsync(message, cancellationToken).ConfigureAwait(false);
            if (commit.Committed)
            {
                Interlocked.Increment(ref watch._received);
            }

            return commit;
        }

        public Task RecordInboundRejectionAsync(string sender, string messageId, byte[] sealedSha256, ReasonCode reason, DateTimeOffset at, CancellationToken cancellationToken) =>
            inner.RecordInboundRejectionAsync(sender, messageId, sealedSha256, reason, at, cancellationToken);

        public Task<IReadOnlyList<InboxItem>> OfferAsync(IReadOnlySet<MessageType> types, int max, DateTimeOffset now, CancellationToken cancellationToken) =>
            inner.OfferAsync(types, max, now, cancellationToken);

        public Task<bool> RecordOpenFailureAsync(string sender, string messageId, ReasonCode reason, int quarantineAfter, DateTimeOffset now, CancellationToken cancellationToken) =>
            inner.RecordOpenFailureAsync(sender, messageId, reason, quarantineAfter, now, cancellationToken);

        public Task<IReadOnlyList<DateTimeOffset?>> AcknowledgeAsync(IReadOnlyList<InboxKey> messages, IReadOnlySet<MessageType> types, DateTimeOffset now, CancellationToken cancellationToken) =>
            inner.AcknowledgeAsync(messages, types, now, cancellationToken);

        public Task<int> PurgeAsync(DateTimeOffset acknowledgedBefore, DateTimeOffset now, CancellationToken cancellationToken) =>
            inner.PurgeAsync(acknowledgedBefore, now, cancellationToken);

        public Task<OutboundRecord?> FindOutboundAsync(string messageId, CancellationToken cancellationToken) => inner.FindOutboundAsync(messageId, cancellationToken);

        public Task<InboundCommit> CommitNoticeAsync(InboundMessage message, InboundNotice notice, CancellationToken cancellationToken) =>
            inner.CommitNoticeAsync(message, notice, cancellationToken);

        public Task<int> EraseDueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken) => inner.EraseDueAsync(now, max, cancellationToken);

        public Task<IReadOnlyList<NoticeRecord>> NoticesReceivedAboutAsync(string sender, string messageId, CancellationToken cancellationToken) =>
            inner.NoticesReceivedAboutAsync(sender, messageId, cancellationToken);

        public Task<IReadOnlyList<string>> CancelForNoticeAsync(OutboundNotice notice, DateTimeOffset now, CancellationToken cancellationToken) =>
            inner.CancelForNoticeAsync(notice, now, cancellationToken);

        public Task<IReadOnlyList<NoticeRecord>> NoticesSentAboutAsync(string messageId, CancellationToken cancellationToken) => inner.NoticesSentAboutAsync(messageId, cancellationToken);

        public Task<IReadOnlyList<AuditEntry>> TrailAsync(string messageId, CancellationToken cancellationToken) => inner.TrailAsync(messageId, cancellationToken);

        public Task<AuditVerification> VerifyAuditAsync(CancellationToken cancellationToken) => inner.VerifyAuditAsync(cancellationToken);

        public Task<AuditHead> HeadAsync(CancellationToken cancellationToken) => inner.HeadAsync(cancellationToken);

        public Task<byte[]?> HashAtAsync(long sequence, CancellationToken cancellationToken) => inner.HashAtAsync(sequence, cancellationToken);

        public Task AppendCheckpointAsync(AuditCheckpoint checkpoint, CancellationToken cancellationToken) => inner.AppendCheckpointAsync(checkpoint, cancellationToken);

        public Task<IReadOnlyList<AuditCheckpoint>> CheckpointsAsync(int max, CancellationToken cancellationToken) => inner.CheckpointsAsync(max, cancellationToken);

        public Task<IReadOnlyList<MessageSummary>> MessagesAsync(MessageQuery query, CancellationToken cancellationToken) => inner.MessagesAsync(query, cancellationToken);

        public Task<IReadOnlyList<PeerActivity>> PeerActivityAsync(IReadOnlyCollection<string> peers, DateTimeOffset since, DateTimeOffset now, CancellationToken cancellationToken) =>
            inner.PeerActivityAsync(peers, since, now, cancellationToken);

        public Task<IReadOnlyList<RefusalCount>> RefusalsAsync(DateTimeOffset since, DateTimeOffset until, TimeSpan bucket, CancellationToken cancellationToken) =>
            inner.RefusalsAsync(since, until, bucket, cancellationToken);

        public Task<IReadOnlyList<RateBucket>> RatesAsync(DateTimeOffset since, DateTimeOffset until, TimeSpan bucket, CancellationToken cancellationToken) =>
            inner.RatesAsync(since, until, bucket, cancellationToken);

        public Task<IReadOnlyDictionary<InboxState, long>> InboxCountsAsync(CancellationToken cancellationToken) => inner.InboxCountsAsync(cancellationToken);

        public ValueTask DisposeAsync() => inner.DisposeAsync();
    }
}
