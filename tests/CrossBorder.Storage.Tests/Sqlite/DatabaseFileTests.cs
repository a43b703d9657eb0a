using System.Security.Cryptography;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Delivery.States;
using CrossBorder.Core.Storage;
using CrossBorder.Storage.Sqlite;

namespace CrossBorder.Storage.Tests.Sqlite;

public sealed class DatabaseFileTests : StoreTestBase
{
    private static readonly HashSet<MessageType> Referrals = Types(MessageType.CaseReferral);

    [Fact]
    public async Task The_database_file_and_its_new_folder_are_for_the_owner_only_on_unix()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        // Something written, so that the write-ahead log exists too.
        await Store.EnqueueAsync(Outbound(T0), T0, None);

        Assert.True(File.Exists(DatabasePath));
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(DatabasePath));
        Assert.Equal(
            UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute,
            File.GetUnixFileMode(Path.GetDirectoryName(DatabasePath)!));
        foreach (var companion in new[] { DatabasePath + "-wal", DatabasePath + "-shm" })
        {
            Assert.True(File.Exists(companion), Path.GetFileName(companion));
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(companion));
        }
    }

    [Fact]
    public async Task An_existing_database_file_readable_by_others_is_narrowed_to_its_owner()
    {
        if (OperatingSystem.IsWindows())
        {
            return;
        }

        await Store.DisposeAsync();
        File.SetUnixFileMode(DatabasePath, UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.GroupRead | UnixFileMode.OtherRead);
        await ReopenAsync();
        Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite, File.GetUnixFileMode(DatabasePath));
    }

    [Fact]
    public async Task The_file_is_in_wal_mode_with_the_schema_version()
    {
        await Store.EnqueueAsync(Outbound(T0), T0, None);
        using var connection = OpenRaw();
        using var command = connection.CreateCommand();
        command.CommandText = "PRAGMA journal_mode";
        Assert.Equal("wal", command.ExecuteScalar());
        Assert.Equal(SqliteMessageStore.SchemaVersion, RawScalar("PRAGMA user_version"));
        Assert.Equal(6, SqliteMessageStore.SchemaVersion);
    }

    [Fact]
    public async Task Everything_survives_a_reopen()
    {
        var outbound = Outbound(T0);
        var delivered = Outbound(T0);
        await Store.EnqueueAsync(outbound, T0, None);
        await Store.EnqueueAsync(delivered, T0, None);
        await Store.ClaimDueAsync(T0, 1, TimeSpan.FromSeconds(30), None);
        await Store.CompleteAttemptAsync(outbound.MessageId, 1, new AttemptOutcome.Delivered([5, 6], T0.AddSeconds(1)), None);

        var inbound = Inbound(T0);
        var acked = Inbound(T0.AddSeconds(1));
        await Store.CommitInboundAsync(inbound, None);
        await Store.CommitInboundAsync(acked, None);
        await Store.AcknowledgeAsync(Sender, acked.MessageId, Referrals, T0.AddSeconds(2), None);
        var verified = await Store.VerifyAuditAsync(None);

        await ReopenAsync();

        var found = await Store.FindOutboundAsync(outbound.MessageId, None);
        Assert.Equal(OutboxState.Delivered, found!.State);
        Assert.Equal([5, 6], found.SignedReceipt);
        Assert.Equal(OutboxState.Queued, (await Store.FindOutboundAsync(delivered.MessageId, None))!.State);
        Assert.Equal(inbound.SignedReceipt, (await Store.FindInboundAsync(Sender, inbound.MessageId, None))!.SignedReceipt);
        Assert.Equal(T0.AddSeconds(2), (await Store.FindInboundAsync(Sender, acked.MessageId, None))!.AcknowledgedAt);

        var offered = Assert.Single(await Store.OfferAsync(Referrals, 10, T0.AddSeconds(3), None));
        Assert.Equal(inbound.Envelope.ToArray(), offered.Envelope.ToArray());
        var claimed = Assert.Single(await Store.ClaimDueAsync(T0.AddSeconds(3), 10, TimeSpan.FromSeconds(30), None));
        Assert.Equal(delivered.Envelope.ToArray(), claimed.Envelope.ToArray());

        Assert.Equal(verified, (await Store.VerifyAuditAsync(None)) with { Entries = verified.Entries });
        Assert.Equal(verified.Entries + 2, (await Store.VerifyAuditAsync(None)).Entries);
    }

    [Fact]
    public async Task Disposing_closes_every_connection_of_the_file()
    {
        var message = Outbound(T0);
        await Store.EnqueueAsync(message, T0, None);
        await Task.WhenAll(Enumerable.Range(0, 8).Select(_ => Task.Run(() => Store.FindOutboundAsync(message.MessageId, None))));
        Assert.True(File.Exists(DatabasePath + "-wal"));

        await Store.DisposeAsync();

        // SQLite removes the write-ahead log when the last connection to the file closes.
        Assert.False(File.Exists(DatabasePath + "-wal"));
        Assert.False(File.Exists(DatabasePath + "-shm"));
        await ReopenAsync();
        Assert.Equal(OutboxState.Queued, (await Store.FindOutboundAsync(message.MessageId, None))!.State);
    }

    [Fact]
    public async Task Commits_are_checkpointed_in_the_background_into_the_database_file()
    {
        var before = new FileInfo(DatabasePath).Length;

        // One commit each: a checkpoint is due after this many.
        for (var i = 0; i < SqliteMessageStore.CheckpointEveryCommits; i++)
        {
            await Store.EnqueueAsync(Outbound(T0), T0, None);
        }

        var waited = System.Diagnostics.Stopwatch.StartNew();
        while (Store.CheckpointsRun == 0 && waited.Elapsed < TimeSpan.FromSeconds(10))
        {
            await Eventually.PauseAsync(TimeSpan.FromMilliseconds(20));
        }

        // Far below the writer's own checkpoint threshold: only the background checkpoint copies the log into the file.
        Assert.Equal(1, Store.CheckpointsRun);
        Assert.True(new FileInfo(DatabasePath).Length > before, $"the database file stayed at {before} bytes");
        Assert.Equal(SqliteMessageStore.CheckpointEveryCommits, RawScalar("SELECT COUNT(*) FROM outbox"));
    }

    [Fact]
    public async Task Initializing_twice_changes_nothing()
    {
        await Store.EnqueueAsync(Outbound(T0), T0, None);
        await Store.InitializeAsync(None);
        await ReopenAsync();
        Assert.Equal(1, (await Store.OutboxCountsAsync(None))[OutboxState.Queued]);
    }

    [Fact]
    public async Task A_version_1_database_is_upgraded_in_place_keeping_its_messages()
    {
        var path = Path.Combine(Folder, "v1.db");
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = SqliteSchema.Steps[0] + "PRAGMA user_version = 1;";
            command.ExecuteNonQuery();
        }

        await using (var v1 = await SqliteMessageStore.OpenAsync(path, null, None))
        {
            var old = Outbound(T0);
            await v1.EnqueueAsync(old, T0, None);
            var keyed = Outbound(T0) with { SubmissionKey = "retry-1" };
            await v1.EnqueueAsync(keyed, T0, None);

            Assert.NotNull(await v1.FindOutboundAsync(old.MessageId, None));
            Assert.Equal(keyed.MessageId, (await v1.FindSubmissionAsync(keyed.SubmittedBy, "retry-1", None))?.MessageId);
        }

        using var check = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False");
        check.Open();
        using var version = check.CreateCommand();
        version.CommandText = "PRAGMA user_version";
        Assert.Equal((long)SqliteMessageStore.SchemaVersion, version.ExecuteScalar());
    }

    [Fact]
    public async Task A_database_of_a_newer_schema_is_refused()
    {
        await Store.DisposeAsync();
        RawExecute("PRAGMA user_version = 99");

        var ex = await Assert.ThrowsAsync<InvalidOperationException>(() => SqliteMessageStore.OpenAsync(DatabasePath, null, None));
        Assert.Contains("99", ex.Message, StringComparison.Ordinal);

        RawExecute($"PRAGMA user_version = {SqliteMessageStore.SchemaVersion}");
        await ReopenAsync();
    }

    [Fact]
    public async Task Synchronous_normal_is_accepted_and_other_settings_are_refused()
    {
        var options = new SqliteStoreOptions { Synchronous = "normal", BusyTimeout = TimeSpan.FromMilliseconds(250) };
        await using (var normal = await SqliteMessageStore.OpenAsync(Path.Combine(Folder, "normal.db"), options, None))
        {
            await normal.EnqueueAsync(Outbound(T0), T0, None);
            Assert.Equal(1, (await normal.OutboxCountsAsync(None))[OutboxState.Queued]);
        }

        Assert.Throws<ArgumentException>(() => new SqliteMessageStore(DatabasePath, new SqliteStoreOptions { Synchronous = "OFF" }));
        Assert.Throws<ArgumentOutOfRangeException>(() => new SqliteMessageStore(DatabasePath, new SqliteStoreOptions { BusyTimeout = TimeSpan.FromSeconds(-1) }));
        Assert.Throws<ArgumentException>(() => new SqliteMessageStore(" ", new SqliteStoreOptions()));
    }

    [Fact]
    public async Task A_store_must_be_initialized_first_and_is_unusable_once_disposed()
    {
        await using (var uninitialized = new SqliteMessageStore(Path.Combine(Folder, "other.db"), new SqliteStoreOptions()))
        {
            await Assert.ThrowsAsync<InvalidOperationException>(() => uninitialized.FindOutboundAsync(NewId(), None));
            await Assert.ThrowsAsync<InvalidOperationException>(() => uninitialized.EnqueueAsync(Outbound(T0), T0, None));
        }

        await Store.DisposeAsync();
        await Assert.ThrowsAsync<ObjectDisposedException>(() => Store.EnqueueAsync(Outbound(T0), T0, None));
        await Assert.ThrowsAsync<ObjectDisposedException>(() => Store.VerifyAuditAsync(None));
        await Store.DisposeAsync();
    }

    [Fact]
    public async Task A_cancelled_write_writes_nothing()
    {
        using var cancelled = new CancellationTokenSource();
        await cancelled.CancelAsync();
        var message = Outbound(T0);
        await Assert.ThrowsAnyAsync<OperationCanceledException>(() => Store.EnqueueAsync(message, T0, cancelled.Token));
        Assert.Null(await Store.FindOutboundAsync(message.MessageId, None));
        Assert.Equal(0, RawScalar("SELECT COUNT(*) FROM audit"));
    }

    [Fact]
    public async Task A_version_2_database_is_upgraded_in_place_keeping_its_inbox_and_accepting_quarantine()
    {
        var path = Path.Combine(Folder, "v2.db");
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = SqliteSchema.Steps[0] + SqliteSchema.Steps[1] + """
                INSERT INTO inbox (sender, message_id, conversation_id, message_type, envelope, sealed_sha256, received_at, expires_at,
                    state, signed_receipt, offered_at, acknowledged_at, trace_parent)
                VALUES ('GR/NCP', 'a1', 'c1', 1, X'0102', X'AA', 1000, 2000, 'OFFERED', X'BB', 1500, NULL, NULL),
                       ('GR/NCP', 'a2', 'c2', 1, NULL, X'CC', 1000, 2000, 'PURGED', X'DD', 1500, 1600, NULL);
                PRAGMA user_version = 2;
                """;
            command.ExecuteNonQuery();
        }

        await using (var upgraded = await SqliteMessageStore.OpenAsync(path, null, None))
        {
            var offered = await upgraded.FindInboundAsync("GR/NCP", "a1", None);
            Assert.Equal(InboxState.Offered, offered!.State);
            Assert.Equal([0xBB], offered.SignedReceipt);
            Assert.Null(offered.RouteSha256);
            Assert.Equal(InboxState.Purged, (await upgraded.FindInboundAsync("GR/NCP", "a2", None))!.State);
            Assert.Equal("a1", Assert.Single(await upgraded.OfferAsync(Referrals, 10, T0, None)).MessageId);

            Assert.True(await upgraded.RecordOpenFailureAsync("GR/NCP", "a1", ReasonCode.Malformed, 1, T0, None));
            Assert.Equal(InboxState.Quarantined, (await upgraded.FindInboundAsync("GR/NCP", "a1", None))!.State);
            var inbound = Inbound(T0) with { RouteSha256 = SHA256.HashData([7]) };
            Assert.True((await upgraded.CommitInboundAsync(inbound, None)).Committed);
            Assert.Equal(inbound.RouteSha256, (await upgraded.FindInboundAsync(Sender, inbound.MessageId, None))!.RouteSha256);
        }

        using var check = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False");
        check.Open();
        using var version = check.CreateCommand();
        version.CommandText = "PRAGMA user_version";
        Assert.Equal((long)SqliteMessageStore.SchemaVersion, version.ExecuteScalar());
        version.CommandText = "SELECT COUNT(*) FROM sqlite_master WHERE type = 'index' AND name IN ('inbox_offer', 'inbox_purge')";
        Assert.Equal(2L, version.ExecuteScalar());
    }

    [Fact]
    public async Task A_version_3_database_is_upgraded_keeping_the_sizes_of_the_envelopes_it_still_holds()
    {
        var path = Path.Combine(Folder, "v3.db");
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = SqliteSchema.Steps[0] + SqliteSchema.Steps[1] + SqliteSchema.Steps[2] + """
                INSERT INTO outbox (message_id, conversation_id, recipient, message_type, submitted_by, envelope, sealed_sha256,
                    created_at, expires_at, state, last_reason, attempts, next_attempt_at, updated_at)
                VALUES ('o1', 'c1', 'AL/NCP', 1, 'caseworker', X'010203', X'AA', 1000, 9000000000000, 'QUEUED', 0, 0, 1000, 1000),
                       ('o2', 'c2', 'AL/NCP', 1, 'caseworker', X'', X'AB', 1000, 9000000000000, 'DELIVERED', 0, 1, NULL, 1000);
                INSERT INTO inbox (sender, message_id, conversation_id, message_type, envelope, sealed_sha256, received_at, expires_at,
                    state, signed_receipt)
                VALUES ('GR/NCP', 'i1', 'c3', 1, X'0102', X'AC', 1000, 9000000000000, 'RECEIVED', X'BB'),
                       ('GR/NCP', 'i2', 'c4', 1, NULL, X'AD', 1000, 9000000000000, 'PURGED', X'BC');
                PRAGMA user_version = 3;
                """;
            command.ExecuteNonQuery();
        }

        await using var upgraded = await SqliteMessageStore.OpenAsync(path, null, None);
        var at = DateTimeOffset.FromUnixTimeMilliseconds(1000);
        var listed = await upgraded.MessagesAsync(new Core.Storage.MessageQuery(at, at.AddMinutes(1), 10), None);

        Assert.Equal(
            [("i1", (long?)2), ("i2", null), ("o1", 3), ("o2", null)],
            listed.Select(m => (m.MessageId, m.SealedBytes)).Order());
    }
}

/// <summary>What erasing leaves in the SQLite file, and the upgrade to schema 6 (data-subject rights).</summary>
public sealed class ErasureFileTests : StoreTestBase
{
    [Fact]
    public async Task Withdrawn_sealed_bytes_are_overwritten_in_the_file_not_left_in_its_free_pages()
    {
        var envelope = RandomNumberGenerator.GetBytes(6000);
        var message = Inbound(T0, envelope: envelope);
        await Store.CommitInboundAsync(message, None);
        await Store.DisposeAsync();
        Assert.True(FileHolds(envelope.AsSpan(100, 64)), "the sealed bytes are in the file before they are withdrawn");

        await ReopenAsync();
        var notice = Inbound(T0.AddSeconds(1), type: MessageType.CorrectionOrWithdrawalNotice);
        var body = new CorrectionOrWithdrawalNotice { Kind = NoticeKind.ConsentWithdrawal, MessageReferences = { message.MessageId } };
        var commit = await Store.CommitNoticeAsync(notice, new InboundNotice(NoticeKind.ConsentWithdrawal, null, Core.Delivery.Notices.NoticeRules.Prejudge(body, notice.MessageId), _ => [1]), None);
        Assert.True(commit.Committed);
        Assert.Equal(InboxState.Withdrawn, (await Store.FindInboundAsync(Sender, message.MessageId, None))!.State);
        await Store.DisposeAsync();

        Assert.False(FileHolds(envelope.AsSpan(100, 64)), "withdrawn sealed bytes are still readable in the database file");
        await ReopenAsync();
    }

    [Fact]
    public async Task A_version_5_database_with_messages_is_upgraded_keeping_them_and_gains_the_new_states()
    {
        await Store.DisposeAsync();
        var path = Path.Combine(Folder, "v5.db");
        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={path};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = string.Concat(SqliteSchema.Steps.Take(5)) + """
                PRAGMA user_version = 5;
                INSERT INTO outbox (message_id, conversation_id, recipient, message_type, submitted_by, envelope, sealed_sha256, created_at,
                    expires_at, state, last_reason, attempts, next_attempt_at, updated_at, sealed_size)
                VALUES ('0000000000000000000000000000000a', '0000000000000000000000000000000b', 'AL/NCP', 1, 'caseworker', X'0102', X'00',
                    1772355600000, 1772442000000, 'QUEUED', 0, 0, 1772355600000, 1772355600000, 2);
                INSERT INTO inbox (sender, message_id, conversation_id, message_type, envelope, sealed_sha256, received_at, expires_at, state,
                    signed_receipt, sealed_size)
                VALUES ('GR/NCP', '0000000000000000000000000000000c', '0000000000000000000000000000000d', 1, X'0304', X'00',
                    1772355600000, 1772442000000, 'RECEIVED', X'05', 2);
                """;
            command.ExecuteNonQuery();
        }

        await using (var upgraded = await SqliteMessageStore.OpenAsync(path, null, None))
        {
            Assert.Equal(OutboxState.Queued, (await upgraded.FindOutboundAsync("0000000000000000000000000000000a", None))!.State);
            var received = (await upgraded.FindInboundAsync("GR/NCP", "0000000000000000000000000000000c", None))!;
            Assert.Equal((InboxState.Received, (string?)null), (received.State, received.ReviewDate));
            Assert.Equal(
                ["0000000000000000000000000000000a"],
                await upgraded.CancelForNoticeAsync(new OutboundNotice(NewId(), "AL/NCP", "0000000000000000000000000000000b", NoticeKind.ConsentWithdrawal, [], null), T0, None));
            Assert.Equal(OutboxState.Cancelled, (await upgraded.FindOutboundAsync("0000000000000000000000000000000a", None))!.State);
        }

        await ReopenAsync();
    }

    private bool FileHolds(ReadOnlySpan<byte> marker)
    {
        foreach (var file in new[] { DatabasePath, DatabasePath + "-wal" })
        {
            if (File.Exists(file) && File.ReadAllBytes(file).AsSpan().IndexOf(marker) >= 0)
            {
                return true;
            }
        }

        return false;
    }
}
