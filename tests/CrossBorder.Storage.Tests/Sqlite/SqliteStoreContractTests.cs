using CrossBorder.Core.Storage;
using CrossBorder.Storage.Sqlite;
using CrossBorder.Storage.Tests.Contract;
using Microsoft.Data.Sqlite;

namespace CrossBorder.Storage.Tests.Sqlite;

/// <summary>
/// The store contract against <see cref="SqliteMessageStore"/>: a real database file in a temp
/// folder of its own, in a folder that does not exist yet (as at a first start), deleted after each test.
/// </summary>
public sealed class SqliteStoreContractTests : StoreContract
{
    private readonly string _folder = Path.Combine(Path.GetTempPath(), "crossborder-store-" + Guid.NewGuid().ToString("N"));

    private string DatabasePath => Path.Combine(_folder, "data", "gateway.db");

    protected override async Task<IMessageStore> CreateStoreAsync() => await SqliteMessageStore.OpenAsync(DatabasePath, null, None);

    protected override async Task<IMessageStore> OpenAgainAsync() => await SqliteMessageStore.OpenAsync(DatabasePath, null, None);

    protected override Task DeleteDataAsync()
    {
        if (Directory.Exists(_folder))
        {
            Directory.Delete(_folder, recursive: true);
        }

        return Task.CompletedTask;
    }

    protected override Task<long?> StoredOutboundEnvelopeAsync(string messageId) =>
        Task.FromResult(Scalar("SELECT length(envelope) FROM outbox WHERE message_id = $id", ("$id", messageId)));

    protected override Task<long?> StoredInboundEnvelopeAsync(string sender, string messageId) =>
        Task.FromResult(Scalar("SELECT length(envelope) FROM inbox WHERE sender = $sender AND message_id = $id", ("$sender", sender), ("$id", messageId)));

    protected override Task<long> InboxSizeAsync() => Task.FromResult(Scalar("SELECT COUNT(*) FROM inbox") ?? 0);

    // A tamperer with access to the file can drop the append-only triggers.
    protected override Task TamperAuditStateAsync(long sequence, string storedState) =>
        Tamper("DROP TRIGGER IF EXISTS audit_no_update; UPDATE audit SET state = $state WHERE seq = $seq;", ("$state", storedState), ("$seq", sequence));

    protected override Task TamperAuditAttemptAsync(long sequence, int attempt, byte[] hash) =>
        Tamper("DROP TRIGGER IF EXISTS audit_no_update; UPDATE audit SET attempt = $attempt, hash = $hash WHERE seq = $seq;", ("$attempt", attempt), ("$hash", hash), ("$seq", sequence));

    protected override Task RemoveAuditEntryAsync(long sequence) =>
        Tamper("DROP TRIGGER IF EXISTS audit_no_delete; DELETE FROM audit WHERE seq = $seq;", ("$seq", sequence));

    private Task Tamper(string sql, params (string Name, object Value)[] parameters)
    {
        using var connection = OpenRaw();
        using var command = Command(connection, sql, parameters);
        Assert.Equal(1, command.ExecuteNonQuery());
        return Task.CompletedTask;
    }

    private long? Scalar(string sql, params (string Name, object Value)[] parameters)
    {
        using var connection = OpenRaw();
        using var command = Command(connection, sql, parameters);
        return command.ExecuteScalar() is long value ? value : null;
    }

    private SqliteConnection OpenRaw()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DatabasePath, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    private static SqliteCommand Command(SqliteConnection connection, string sql, (string Name, object Value)[] parameters)
    {
        var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command;
    }
}
