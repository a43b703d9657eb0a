using System.Collections.Concurrent;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Delivery.Notices;
using CrossBorder.Core.Delivery.States;
using CrossBorder.Core.Storage;
using CrossBorder.Storage.Postgres;
using CrossBorder.Testing.Postgres;
using Npgsql;

namespace CrossBorder.Storage.Tests.Postgres;

/// <summary>
/// What only a store shared by several processes must do, with two or more store instances (as
/// replicas) on one real PostgreSQL database, racing for real: no message claimed twice, one audit
/// chain without gaps, one inbox row per (sender, message id), one queued message per submission
/// key, leases released only by their owner, inbox commits heard by every replica.
/// </summary>
[Collection(PostgresServers.Name)]
public sealed class PostgresReplicaStoreTests(PostgresServerFixture postgres) : IAsyncLifetime
{
    private readonly List<PostgresMessageStore> _stores = [];
    private string _connectionString = "";

    public async Task InitializeAsync() => _connectionString = await postgres.Server.CreateDatabaseAsync();

    public async Task DisposeAsync()
    {
        foreach (var store in _stores)
        {
            await store.DisposeAsync();
        }
    }

    private async Task<PostgresMessageStore> ReplicaAsync(string name, bool migrate = true)
    {
        var store = await PostgresMessageStore.OpenAsync(new PostgresStoreOptions { ConnectionString = _connectionString, Replica = name, MigrateAtStart = migrate, MaxConnections = 8 }, None);
        _stores.Add(store);
        return store;
    }

    [Fact]
    public async Task Two_replicas_claiming_at_once_never_take_the_same_message_and_the_chain_stays_whole()
    {
        var a = await ReplicaAsync("a");
        var b = await ReplicaAsync("b");
        var ids = new List<string>();
        for (var i = 0; i < 120; i++)
        {
            var message = Outbound(T0.AddMilliseconds(i));
            ids.Add(message.MessageId);
            await (i % 2 == 0 ? a : b).EnqueueAsync(message, T0, None);
        }

        var claims = new ConcurrentBag<(string Replica, string MessageId, int Attempt)>();
        async Task ClaimAllAsync(IMessageStore store, string name)
        {
            while (true)
            {
                var claimed = await store.ClaimDueAsync(T0.AddSeconds(1), 7, TimeSpan.FromMinutes(5), None);
                if (claimed.Count == 0)
                {
                    return;
                }

                foreach (var message in claimed)
                {
                    claims.Add((name, message.MessageId, message.Attempts));
                }
            }
        }

        await Task.WhenAll(ClaimAllAsync(a, "a"), ClaimAllAsync(b, "b"), ClaimAllAsync(a, "a"), ClaimAllAsync(b, "b"));

        Assert.Equal(ids.Order(StringComparer.Ordinal), claims.Select(c => c.MessageId).Order(StringComparer.Ordinal));
        Assert.All(claims, c => Assert.Equal(1, c.Attempt));
        Assert.Contains(claims, c => c.Replica == "a");
        Assert.Contains(claims, c => c.Replica == "b");
        var verification = await a.VerifyAuditAsync(None);
        Assert.Null(verification.FirstBroken);
        Assert.Equal(120 * 3, verification.Entries);
        Assert.Equal(120, (await b.OutboxCountsAsync(None))[OutboxState.Sending]);
    }

    [Fact]
    public async Task Many_writers_append_one_chain_without_gaps()
    {
        var replicas = new[] { await ReplicaAsync("a"), await ReplicaAsync("b"), await ReplicaAsync("c"), await ReplicaAsync("d") };
        var sha = new byte[32];
        await Task.WhenAll(replicas.SelectMany((store, r) => Enumerable.Range(0, 40).Select(i =>
            store.RecordInboundRejectionAsync(Sender, $"r{r}-{i}", sha, ReasonCode.BadSignature, T0.AddSeconds(i), None))));

        var verification = await replicas[0].VerifyAuditAsync(None);
        Assert.Null(verification.FirstBroken);
        Assert.Equal(160, verification.Entries);
        Assert.Equal(160, (await replicas[3].HeadAsync(None)).Sequence);
    }

    [Fact]
    public async Task The_same_inbound_message_committed_by_two_replicas_at_once_is_stored_once()
    {
        var a = await ReplicaAsync("a");
        var b = await ReplicaAsync("b");
        for (var round = 0; round < 20; round++)
        {
            var message = Inbound(T0);
            var commits = await Task.WhenAll(a.CommitInboundAsync(message, None), b.CommitInboundAsync(message, None));

            Assert.Single(commits, c => c.Committed);
            var repeat = Assert.Single(commits, c => !c.Committed);
            Assert.Equal(message.SealedSha256, repeat.Existing!.SealedSha256);
            Assert.Equal([AuditState.Received], (await a.TrailAsync(message.MessageId, None)).Select(e => e.State));
        }

        Assert.Equal(20, (await b.InboxCountsAsync(None))[InboxState.Received]);
    }

    [Fact]
    public async Task A_notice_and_the_message_it_names_committed_at_once_on_two_replicas_always_meet()
    {
        var a = await ReplicaAsync("a");
        var b = await ReplicaAsync("b");
        for (var round = 0; round < 20; round++)
        {
            var message = Inbound(T0);
            var notice = Inbound(T0, type: MessageType.CorrectionOrWithdrawalNotice);
            var body = new CorrectionOrWithdrawalNotice { Kind = NoticeKind.ConsentWithdrawal, MessageReferences = { message.MessageId } };
            IReadOnlyList<NoticeReferenceResult>? decided = null;
            var commits = await Task.WhenAll(
                a.CommitNoticeAsync(notice, new InboundNotice(body.Kind, null, NoticeRules.Prejudge(body, notice.MessageId), r => { decided = r; return [1]; }), None),
                b.CommitInboundAsync(message, None));

            Assert.All(commits, c => Assert.True(c.Committed));
            var outcome = Assert.Single(decided!).Outcome;
            Assert.Contains(outcome, new[] { NoticeReferenceOutcome.Applied, NoticeReferenceOutcome.Awaited });
            Assert.Equal(outcome == NoticeReferenceOutcome.Awaited, commits[1].Ended);
            Assert.Equal(InboxState.Withdrawn, (await a.FindInboundAsync(Sender, message.MessageId, None))!.State);
            Assert.Equal(NoticeReferenceOutcome.Applied, Assert.Single(await b.NoticesReceivedAboutAsync(Sender, message.MessageId, None)).Outcome);
        }

        Assert.Null((await a.VerifyAuditAsync(None)).FirstBroken);
    }

    [Fact]
    public async Task A_version_1_database_with_messages_is_upgraded_to_version_2_keeping_them()
    {
        await ExecuteAsync(PostgresSchema.CreateVersionTable + PostgresSchema.Steps[0] + """
            INSERT INTO crossborder_schema (id, version, readable_from) VALUES (1, 1, 1);
            INSERT INTO outbox (message_id, conversation_id, recipient, message_type, submitted_by, envelope, sealed_sha256, created_at,
                expires_at, state, last_reason, attempts, next_attempt_at, updated_at, sealed_size)
            VALUES ('0000000000000000000000000000000a', '0000000000000000000000000000000b', 'AL/NCP', 1, 'caseworker', '\x0102', '\x00',
                1772355600000, 1772442000000, 'RETRY_WAIT', 25, 1, 1772355600000, 1772355600000, 2);
            INSERT INTO inbox (sender, message_id, conversation_id, message_type, envelope, sealed_sha256, received_at, expires_at, state,
                signed_receipt, sealed_size)
            VALUES ('GR/NCP', '0000000000000000000000000000000c', '0000000000000000000000000000000d', 1, '\x0304', '\x00',
                1772355600000, 1772442000000, 'OFFERED', '\x05', 2);
            """);

        var upgraded = await ReplicaAsync("a");

        Assert.Equal(OutboxState.RetryWait, (await upgraded.FindOutboundAsync("0000000000000000000000000000000a", None))!.State);
        Assert.Equal(InboxState.Offered, (await upgraded.FindInboundAsync("GR/NCP", "0000000000000000000000000000000c", None))!.State);
        var notice = Inbound(T0, sender: "GR/NCP", type: MessageType.CorrectionOrWithdrawalNotice);
        var body = new CorrectionOrWithdrawalNotice { Kind = NoticeKind.WrongTransfer, MessageReferences = { "0000000000000000000000000000000c" } };
        Assert.True((await upgraded.CommitNoticeAsync(notice, new InboundNotice(body.Kind, null, NoticeRules.Prejudge(body, notice.MessageId), _ => [1]), None)).Committed);
        Assert.Equal(InboxState.Withdrawn, (await upgraded.FindInboundAsync("GR/NCP", "0000000000000000000000000000000c", None))!.State);
        Assert.Equal(
            ["0000000000000000000000000000000a"],
            await upgraded.CancelForNoticeAsync(new OutboundNotice(NewId(), "AL/NCP", "0000000000000000000000000000000b", NoticeKind.ConsentWithdrawal, [], null), T0, None));
    }

    [Fact]
    public async Task One_submission_key_sent_to_two_replicas_at_once_queues_one_message()
    {
        var a = await ReplicaAsync("a");
        var b = await ReplicaAsync("b");
        var first = Outbound(T0) with { SubmissionKey = "key-1" };
        var second = Outbound(T0) with { SubmissionKey = "key-1" };

        var results = await Task.WhenAll(Attempt(a, first), Attempt(b, second));

        var queued = Assert.Single(results, r => r is null);
        var refused = Assert.IsType<DuplicateSubmissionException>(Assert.Single(results, r => r is not null));
        var winner = results[0] is null ? first : second;
        Assert.Equal(winner.MessageId, refused.MessageId);
        Assert.Equal(winner.MessageId, (await a.FindSubmissionAsync("caseworker", "key-1", None))!.MessageId);

        static async Task<Exception?> Attempt(IMessageStore store, OutboundMessage message)
        {
            try
            {
                await store.EnqueueAsync(message, T0, None);
                return null;
            }
            catch (DuplicateSubmissionException ex)
            {
                return ex;
            }
        }
    }

    [Fact]
    public async Task A_restarting_replica_releases_its_own_leases_and_leaves_its_siblings()
    {
        var a = await ReplicaAsync("a");
        var b = await ReplicaAsync("b");
        var mine = Outbound(T0);
        var theirs = Outbound(T0);
        await a.EnqueueClaimedAsync(mine, T0, TimeSpan.FromMinutes(5), None);
        await b.EnqueueClaimedAsync(theirs, T0, TimeSpan.FromMinutes(5), None);

        Assert.Equal(1, await a.ReleaseLeasesAsync(T0.AddSeconds(1), None));

        var due = await b.ClaimDueAsync(T0.AddSeconds(2), 10, TimeSpan.FromMinutes(5), None);
        Assert.Equal([mine.MessageId], due.Select(m => m.MessageId));
        Assert.Equal(2, due[0].Attempts);
        Assert.False(await b.CompleteAttemptAsync(mine.MessageId, 1, new AttemptOutcome.Retry(ReasonCode.Unavailable, T0.AddMinutes(1), T0.AddSeconds(3)), None));
    }

    [Fact]
    public async Task An_inbox_commit_on_one_replica_is_heard_by_the_other()
    {
        var a = await ReplicaAsync("a");
        var b = await ReplicaAsync("b");
        Assert.True(await Eventually.UntilAsync(() => Task.FromResult(b.IsListening), TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(50)), "the listener did not connect");
        var heard = new TaskCompletionSource(TaskCreationOptions.RunContinuationsAsynchronously);
        b.InboundCommitted += () => heard.TrySetResult();

        await a.CommitInboundAsync(Inbound(T0), None);

        await heard.Task.WaitAsync(TimeSpan.FromSeconds(10));
    }

    [Fact]
    public async Task A_database_upgraded_past_what_this_code_reads_stops_the_start_with_the_reason()
    {
        await ReplicaAsync("a");
        await ExecuteAsync("UPDATE crossborder_schema SET version = 99, readable_from = 99");

        var refused = await Assert.ThrowsAsync<StoreSchemaException>(() => ReplicaAsync("b"));

        Assert.Contains("version 99", refused.Message, StringComparison.Ordinal);
        Assert.Contains("upgrade the gateway", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_newer_schema_still_readable_by_this_code_is_used_as_it_is()
    {
        await ReplicaAsync("a");
        await ExecuteAsync($"UPDATE crossborder_schema SET version = {PostgresMessageStore.SchemaVersion + 1}");

        var b = await ReplicaAsync("b");

        await b.EnqueueAsync(Outbound(T0), T0, None);
        Assert.Equal(1, (await b.OutboxCountsAsync(None))[OutboxState.Queued]);
    }

    [Fact]
    public async Task Without_migrations_at_start_an_empty_database_is_refused_until_migrated()
    {
        var refused = await Assert.ThrowsAsync<StoreSchemaException>(() => ReplicaAsync("a", migrate: false));
        Assert.Contains("crossborder store migrate", refused.Message, StringComparison.Ordinal);

        await using (var migrating = new PostgresMessageStore(new PostgresStoreOptions { ConnectionString = _connectionString, Replica = "ops" }))
        {
            Assert.Equal((0, PostgresMessageStore.SchemaVersion), await migrating.MigrateAsync(None));
            Assert.Equal((PostgresMessageStore.SchemaVersion, PostgresMessageStore.SchemaVersion), await migrating.MigrateAsync(None));
        }

        var store = await ReplicaAsync("a", migrate: false);
        Assert.Equal(0, (await store.HeadAsync(None)).Sequence);
    }

    [Fact]
    public async Task The_audit_tables_refuse_updates_deletes_and_truncation()
    {
        var store = await ReplicaAsync("a");
        await store.RecordInboundRejectionAsync(Sender, "m1", new byte[32], ReasonCode.BadSignature, T0, None);

        foreach (var sql in new[] { "UPDATE audit SET reason = 0", "DELETE FROM audit", "TRUNCATE audit", "TRUNCATE audit_checkpoint" })
        {
            var refused = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(sql));
            Assert.Equal(PostgresErrorCodes.RestrictViolation, refused.SqlState);
        }

        Assert.Equal(1, (await store.VerifyAuditAsync(None)).Entries);
    }

    [Fact]
    public async Task Two_replicas_writing_the_same_checkpoint_store_it_once()
    {
        var a = await ReplicaAsync("a");
        var b = await ReplicaAsync("b");
        await a.RecordInboundRejectionAsync(Sender, "m1", new byte[32], ReasonCode.BadSignature, T0, None);
        var head = await a.HeadAsync(None);
        var checkpoint = new AuditCheckpoint(head.Sequence, head.Hash, T0, "signer", [1, 2, 3]);

        var results = await Task.WhenAll(Attempt(a), Attempt(b));

        Assert.Single(results, r => r);
        Assert.Single(await b.CheckpointsAsync(10, None));

        async Task<bool> Attempt(IMessageStore store)
        {
            try
            {
                await store.AppendCheckpointAsync(checkpoint, None);
                return true;
            }
            catch (InvalidOperationException ex) when (ex.Message.Contains("must follow the last one", StringComparison.Ordinal))
            {
                return false;
            }
        }
    }

    private async Task ExecuteAsync(string sql)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }
}
