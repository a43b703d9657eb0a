using System.Data.Common;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Delivery.States;
using CrossBorder.Core.Storage;

namespace CrossBorder.Storage.Sqlite;

/// <summary>
/// The SQLite implementation of <see cref="IMessageStore"/>: the outbox (<see cref="SqliteOutboxStore"/>),
/// the inbox (<see cref="SqliteInboxStore"/>) and the audit trail with its checkpoints (<see cref="SqliteAuditTrail"/>) over
/// one database file in WAL mode (<see cref="SqliteDatabase"/>), owned by one gateway process. Every
/// state change and its audit entry are written by one <see cref="SqliteUnitOfWork"/>, and writes
/// that arrive together are committed together, each still succeeding or failing alone.
/// </summary>
/// <remarks>
/// The file holds sealed envelopes: on Unix it is created readable by its owner only (0600), and a
/// missing folder is created for the owner only (0700). Exception messages name ids and codes only.
/// </remarks>
public sealed class SqliteMessageStore : IMessageStore
{
    /// <summary>Group commits between two background checkpoints.</summary>
    internal const int CheckpointEveryCommits = SqliteDatabase.CheckpointEveryCommits;

    private readonly SqliteDatabase _database;
    private readonly SqliteOutboxStore _outbox;
    private readonly SqliteInboxStore _inbox;
    private readonly SqliteAuditTrail _audit;
    private readonly OutboxReads _outboxReads;
    private readonly InboxReads _inboxReads;
    private readonly NoticeReads _noticeReads;
    private readonly AuditReads _auditReads;
    private readonly OperationsView _operations;

    /// <summary>A store on the database file at <paramref name="databasePath"/>; call <see cref="InitializeAsync"/> before use.</summary>
    /// <param name="databasePath">The database file; it and its folder are created when missing.</param>
    /// <param name="options">Durability and lock waiting.</param>
    public SqliteMessageStore(string databasePath, SqliteStoreOptions options)
    {
        _database = new SqliteDatabase(databasePath, options);
        _outbox = new SqliteOutboxStore(_database);
        _inbox = new SqliteInboxStore(_database);
        _audit = new SqliteAuditTrail(_database);
        Func<CancellationToken, Task<DbConnection>> openReader = async c => await _database.OpenReaderAsync(c).ConfigureAwait(false);
        _outboxReads = new OutboxReads(openReader);
        _inboxReads = new InboxReads(openReader);
        _noticeReads = new NoticeReads(openReader);
        _auditReads = new AuditReads(openReader);
        _operations = new OperationsView(openReader);
    }

    /// <summary>The schema version this store reads and writes (<c>PRAGMA user_version</c>).</summary>
    public static int SchemaVersion => SqliteSchema.Version;

    /// <summary>Background checkpoints run so far.</summary>
    internal long CheckpointsRun => _database.CheckpointsRun;

    /// <summary>Writes queued and not yet taken into a group.</summary>
    internal int PendingWrites => _database.PendingWrites;

    /// <summary>Creates a store on <paramref name="databasePath"/> and initializes it.</summary>
    /// <param name="databasePath">The database file; it and its folder are created when missing.</param>
    /// <param name="options">Durability and lock waiting; null for the defaults.</param>
    /// <param name="cancellationToken">Cancels the initialization.</param>
    public static async Task<SqliteMessageStore> OpenAsync(string databasePath, SqliteStoreOptions? options, CancellationToken cancellationToken)
    {
        var store = new SqliteMessageStore(databasePath, options ?? new SqliteStoreOptions());
        try
        {
            await store.InitializeAsync(cancellationToken).ConfigureAwait(false);
            return store;
        }
        catch
        {
            await store.DisposeAsync().ConfigureAwait(false);
            throw;
        }
    }

    /// <inheritdoc />
    public Task InitializeAsync(CancellationToken cancellationToken) => _database.InitializeAsync(cancellationToken);

    /// <summary>Closes the writer connection and the pooled connections of this database.</summary>
    public ValueTask DisposeAsync() => _database.DisposeAsync();

    /// <summary>Runs <paramref name="work"/> as one write of its own (for tests of the group commit).</summary>
    internal Task<TResult> WriteAsync<TState, TResult>(TState state, Func<SqliteUnitOfWork, TState, TResult> work, CancellationToken cancellationToken) =>
        _database.WriteAsync(state, work, cancellationToken);

    /// <inheritdoc />
    public Task EnqueueAsync(OutboundMessage message, DateTimeOffset now, CancellationToken cancellationToken) =>
        _outbox.EnqueueAsync(message, now, cancellationToken);

    /// <inheritdoc />
    public Task EnqueueClaimedAsync(OutboundMessage message, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken) =>
        _outbox.EnqueueClaimedAsync(message, now, lease, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<OutboundMessage>> ClaimDueAsync(DateTimeOffset now, int max, TimeSpan lease, CancellationToken cancellationToken) =>
        _outbox.ClaimDueAsync(now, max, lease, cancellationToken);

    /// <inheritdoc />
    public Task<int> ReleaseLeasesAsync(DateTimeOffset now, CancellationToken cancellationToken) =>
        _outbox.ReleaseLeasesAsync(now, cancellationToken);

    /// <inheritdoc />
    public Task<OutboundRecord?> FindSubmissionAsync(string submittedBy, string submissionKey, CancellationToken cancellationToken) =>
        _outboxReads.FindSubmissionAsync(submittedBy, submissionKey, cancellationToken);

    /// <inheritdoc />
    public Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken) => _outboxReads.NextDueAsync(cancellationToken);

    /// <inheritdoc />
    public Task<bool> CompleteAttemptAsync(string messageId, int attempt, AttemptOutcome outcome, CancellationToken cancellationToken) =>
        _outbox.CompleteAttemptAsync(messageId, attempt, outcome, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> ExpireAsync(DateTimeOffset now, ReasonCode reason, CancellationToken cancellationToken) =>
        _outbox.ExpireAsync(now, reason, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyDictionary<OutboxState, long>> OutboxCountsAsync(CancellationToken cancellationToken) =>
        _outboxReads.OutboxCountsAsync(cancellationToken);

    /// <inheritdoc />
    public Task<OutboxBacklog> OutboxBacklogAsync(CancellationToken cancellationToken) => _outboxReads.OutboxBacklogAsync(cancellationToken);

    /// <inheritdoc />
    public Task<OutboundRecord?> FindOutboundAsync(string messageId, CancellationToken cancellationToken) =>
        _outboxReads.FindOutboundAsync(messageId, cancellationToken);

    /// <inheritdoc />
    public Task<InboundRecord?> FindInboundAsync(string sender, string messageId, CancellationToken cancellationToken) =>
        _inboxReads.FindInboundAsync(sender, messageId, cancellationToken);

    /// <inheritdoc />
    public Task<InboundCommit> CommitInboundAsync(InboundMessage message, CancellationToken cancellationToken) =>
        _inbox.CommitInboundAsync(message, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<InboxItem>> OfferAsync(IReadOnlySet<MessageType> types, int max, DateTimeOffset now, CancellationToken cancellationToken) =>
        _inbox.OfferAsync(types, max, now, cancellationToken);

    /// <inheritdoc />
    public Task<bool> RecordOpenFailureAsync(string sender, string messageId, ReasonCode reason, int quarantineAfter, DateTimeOffset now, CancellationToken cancellationToken) =>
        _inbox.RecordOpenFailureAsync(sender, messageId, reason, quarantineAfter, now, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<DateTimeOffset?>> AcknowledgeAsync(IReadOnlyList<InboxKey> messages, IReadOnlySet<MessageType> types, DateTimeOffset now, CancellationToken cancellationToken) =>
        _inbox.AcknowledgeAsync(messages, types, now, cancellationToken);

    /// <inheritdoc />
    public Task<int> PurgeAsync(DateTimeOffset acknowledgedBefore, DateTimeOffset now, CancellationToken cancellationToken) =>
        _inbox.PurgeAsync(acknowledgedBefore, now, cancellationToken);

    /// <inheritdoc />
    public Task<InboundCommit> CommitNoticeAsync(InboundMessage message, InboundNotice notice, CancellationToken cancellationToken) =>
        _inbox.CommitNoticeAsync(message, notice, cancellationToken);

    /// <inheritdoc />
    public Task<int> EraseDueAsync(DateTimeOffset now, int max, CancellationToken cancellationToken) =>
        _inbox.EraseDueAsync(now, max, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<NoticeRecord>> NoticesReceivedAboutAsync(string sender, string messageId, CancellationToken cancellationToken) =>
        _noticeReads.ReceivedAboutAsync(sender, messageId, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<string>> CancelForNoticeAsync(OutboundNotice notice, DateTimeOffset now, CancellationToken cancellationToken) =>
        _outbox.CancelForNoticeAsync(notice, now, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<NoticeRecord>> NoticesSentAboutAsync(string messageId, CancellationToken cancellationToken) =>
        _noticeReads.SentAboutAsync(messageId, cancellationToken);

    /// <inheritdoc />
    public Task RecordInboundRejectionAsync(string sender, string messageId, byte[] sealedSha256, ReasonCode reason, DateTimeOffset at, CancellationToken cancellationToken) =>
        _audit.RecordInboundRejectionAsync(sender, messageId, sealedSha256, reason, at, cancellationToken);

    /// <inheritdoc />
    public Task RecordRefusalsAsync(string peer, IReadOnlyDictionary<ReasonCode, int> counts, DateTimeOffset windowEnd, CancellationToken cancellationToken) =>
        _audit.RecordRefusalsAsync(peer, counts, windowEnd, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<AuditEntry>> TrailAsync(string messageId, CancellationToken cancellationToken) =>
        _auditReads.TrailAsync(messageId, cancellationToken);

    /// <inheritdoc />
    public Task<AuditVerification> VerifyAuditAsync(CancellationToken cancellationToken) => _auditReads.VerifyAuditAsync(cancellationToken);

    /// <inheritdoc />
    public Task<AuditHead> HeadAsync(CancellationToken cancellationToken) => _auditReads.HeadAsync(cancellationToken);

    /// <inheritdoc />
    public Task<byte[]?> HashAtAsync(long sequence, CancellationToken cancellationToken) => _auditReads.HashAtAsync(sequence, cancellationToken);

    /// <inheritdoc />
    public Task AppendCheckpointAsync(AuditCheckpoint checkpoint, CancellationToken cancellationToken) => _audit.AppendCheckpointAsync(checkpoint, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<AuditCheckpoint>> CheckpointsAsync(int max, CancellationToken cancellationToken) => _auditReads.CheckpointsAsync(max, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<MessageSummary>> MessagesAsync(MessageQuery query, CancellationToken cancellationToken) =>
        _operations.MessagesAsync(query, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<PeerActivity>> PeerActivityAsync(IReadOnlyCollection<string> peers, DateTimeOffset since, DateTimeOffset now, CancellationToken cancellationToken) =>
        _operations.PeerActivityAsync(peers, since, now, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<RefusalCount>> RefusalsAsync(DateTimeOffset since, DateTimeOffset until, TimeSpan bucket, CancellationToken cancellationToken) =>
        _operations.RefusalsAsync(since, until, bucket, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyList<RateBucket>> RatesAsync(DateTimeOffset since, DateTimeOffset until, TimeSpan bucket, CancellationToken cancellationToken) =>
        _operations.RatesAsync(since, until, bucket, cancellationToken);

    /// <inheritdoc />
    public Task<IReadOnlyDictionary<InboxState, long>> InboxCountsAsync(CancellationToken cancellationToken) => _operations.InboxCountsAsync(cancellationToken);
}
