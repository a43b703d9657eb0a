using System.Data.Common;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Delivery.States;
using CrossBorder.Core.Storage;

namespace CrossBorder.Storage.Postgres;

/// <summary>
/// The PostgreSQL implementation of <see cref="IMessageStore"/>, for a participant served by several
/// gateway processes (replicas) with one database: the same tables and behaviour as the SQLite store,
/// with claims that skip the rows another replica holds (<see cref="PostgresOutboxStore"/>), an audit
/// chain appended in turn by every writer (<see cref="PostgresUnitOfWork"/>), and inbox commits
/// announced to every replica (<see cref="IInboundCommitFeed"/>).
/// </summary>
/// <remarks>
/// The database holds sealed envelopes only; the connection string and its password stay inside the
/// store. An unreachable database makes every call throw (an <c>NpgsqlException</c>), which the
/// gateway answers UNAVAILABLE without accepting anything; the store needs no restart when the
/// database comes back.
/// </remarks>
public sealed class PostgresMessageStore : IMessageStore, IInboundCommitFeed
{
    private readonly PostgresDatabase _database;
    private readonly PostgresStoreOptions _options;
    private readonly PostgresOutboxStore _outbox;
    private readonly PostgresInboxStore _inbox;
    private readonly PostgresAuditTrail _audit;
    private readonly OutboxReads _outboxReads;
    private readonly InboxReads _inboxReads;
    private readonly NoticeReads _noticeReads;
    private readonly AuditReads _auditReads;
    private readonly OperationsView _operations;
    private readonly PostgresInboxListener _listener;

    /// <summary>A store on the database of <see cref="PostgresStoreOptions.ConnectionString"/>; call <see cref="InitializeAsync"/> before use.</summary>
    /// <param name="options">The database and this replica.</param>
    /// <param name="time">The clock of the listener's pauses between reconnections; null for the system clock.</param>
    public PostgresMessageStore(PostgresStoreOptions options, TimeProvider? time = null)
    {
        ArgumentNullException.ThrowIfNull(options);
        _options = options;
        _database = new PostgresDatabase(options);
        _outbox = new PostgresOutboxStore(_database);
        _inbox = new PostgresInboxStore(_database);
        _audit = new PostgresAuditTrail(_database);
        Func<CancellationToken, Task<DbConnection>> openReader = async c => await _database.OpenReaderAsync(c).ConfigureAwait(false);
        _outboxReads = new OutboxReads(openReader);
        _inboxReads = new InboxReads(openReader);
        _noticeReads = new NoticeReads(openReader);
        _auditReads = new AuditReads(openReader);
        _operations = new OperationsView(openReader);
        _listener = new PostgresInboxListener(_database.DataSource, time ?? TimeProvider.System);
        _listener.Committed += () => InboundCommitted?.Invoke();
    }

    /// <inheritdoc />
    public event Action? InboundCommitted;

    /// <summary>The schema version this store reads and writes.</summary>
    public static int SchemaVersion => PostgresSchema.Version;

    /// <summary>The database in words for logs: hosts, port, database, user and replica; never the password.</summary>
    public static string Describe(PostgresStoreOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var builder = new Npgsql.NpgsqlConnectionStringBuilder(options.ConnectionString);
        // Several hosts, or hosts with their own ports (host:port,host:port), are shown as written.
        var where = builder.Host is { } host && (host.Contains(',', StringComparison.Ordinal) || host.Contains(':', StringComparison.Ordinal))
            ? host
            : $"{builder.Host}:{builder.Port}";
        return $"PostgreSQL database {builder.Database} on {where} as {builder.Username}, replica {options.Replica}";
    }

    /// <summary>Whether the connection that hears other replicas' inbox commits is open.</summary>
    public bool IsListening => _listener.IsListening;

    /// <summary>Creates a store and initializes it.</summary>
    public static async Task<PostgresMessageStore> OpenAsync(PostgresStoreOptions options, CancellationToken cancellationToken)
    {
        var store = new PostgresMessageStore(options);
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
    /// <remarks>Upgrades the schema when <see cref="PostgresStoreOptions.MigrateAtStart"/> allows, then starts listening for inbox commits.</remarks>
    public async Task InitializeAsync(CancellationToken cancellationToken)
    {
        await _database.InitializeAsync(_options.MigrateAtStart, cancellationToken).ConfigureAwait(false);
        _listener.Start();
    }

    /// <summary>Brings the schema to this code's version (as <c>crossborder store migrate</c> does); the versions before and after.</summary>
    public async Task<(int Before, int After)> MigrateAsync(CancellationToken cancellationToken)
    {
        var before = await _database.InitializeAsync(migrate: true, cancellationToken).ConfigureAwait(false);
        return (before, PostgresSchema.Version);
    }

    /// <summary>Stops listening and closes the pooled connections.</summary>
    public async ValueTask DisposeAsync()
    {
        await _listener.DisposeAsync().ConfigureAwait(false);
        await _database.DisposeAsync().ConfigureAwait(false);
    }

    /// <inheritdoc />
    public Task EnqueueAsync(OutboundMessage message, DateTimeOffset now, CancellationToken cancellationToken) =>
        _outbox.EnqueueAsync(message, now, null, cancellationToken);

    /// <inheritdoc />
    public Task EnqueueClaimedAsync(OutboundMessage message, DateTimeOffset now, TimeSpan lease, CancellationToken cancellationToken) =>
        _outbox.EnqueueAsync(message, now, lease, cancellationToken);

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
