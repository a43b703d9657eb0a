using CrossBorder.Core.Storage;
using CrossBorder.Storage.Postgres;
using CrossBorder.Storage.Tests.Contract;
using CrossBorder.Testing.Postgres;
using Npgsql;

namespace CrossBorder.Storage.Tests.Postgres;

/// <summary>
/// The store contract against <see cref="PostgresMessageStore"/>: a real PostgreSQL server of the
/// test run (a throwaway cluster, <see cref="PostgresServerFixture"/>), a new database for each test.
/// </summary>
[Collection(PostgresServers.Name)]
public sealed class PostgresStoreContractTests(PostgresServerFixture postgres) : StoreContract
{
    private string _connectionString = "";

    protected override async Task<IMessageStore> CreateStoreAsync()
    {
        _connectionString = await postgres.Server.CreateDatabaseAsync();
        return await OpenAgainAsync();
    }

    protected override async Task<IMessageStore> OpenAgainAsync() =>
        await PostgresMessageStore.OpenAsync(new PostgresStoreOptions { ConnectionString = _connectionString, Replica = "contract" }, None);

    // Each test's database stays until the throwaway server goes at the end of the run.
    protected override Task DeleteDataAsync() => Task.CompletedTask;

    protected override async Task<long?> StoredOutboundEnvelopeAsync(string messageId) =>
        await ScalarAsync("SELECT octet_length(envelope)::bigint FROM outbox WHERE message_id = @id", ("id", messageId));

    protected override async Task<long?> StoredInboundEnvelopeAsync(string sender, string messageId) =>
        await ScalarAsync("SELECT octet_length(envelope)::bigint FROM inbox WHERE sender = @sender AND message_id = @id", ("sender", sender), ("id", messageId));

    protected override async Task<long> InboxSizeAsync() => await ScalarAsync("SELECT COUNT(*) FROM inbox") ?? 0;

    // The owner of the tables can switch the append-only triggers off, as a tamperer with the database's keys can.
    protected override Task TamperAuditStateAsync(long sequence, string storedState) =>
        TamperAsync("UPDATE audit SET state = @state WHERE seq = @seq", ("state", storedState), ("seq", sequence));

    protected override Task TamperAuditAttemptAsync(long sequence, int attempt, byte[] hash) =>
        TamperAsync("UPDATE audit SET attempt = @attempt, hash = @hash WHERE seq = @seq", ("attempt", attempt), ("hash", hash), ("seq", sequence));

    protected override Task RemoveAuditEntryAsync(long sequence) =>
        TamperAsync("DELETE FROM audit WHERE seq = @seq", ("seq", sequence));

    private async Task TamperAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var transaction = await connection.BeginTransactionAsync();
        await using (var off = new NpgsqlCommand("ALTER TABLE audit DISABLE TRIGGER audit_append_only", connection, transaction))
        {
            await off.ExecuteNonQueryAsync();
        }

        await using (var command = Command(connection, sql, parameters))
        {
            command.Transaction = transaction;
            Assert.Equal(1, await command.ExecuteNonQueryAsync());
        }

        await using (var on = new NpgsqlCommand("ALTER TABLE audit ENABLE TRIGGER audit_append_only", connection, transaction))
        {
            await on.ExecuteNonQueryAsync();
        }

        await transaction.CommitAsync();
    }

    private async Task<long?> ScalarAsync(string sql, params (string Name, object Value)[] parameters)
    {
        await using var connection = new NpgsqlConnection(_connectionString);
        await connection.OpenAsync();
        await using var command = Command(connection, sql, parameters);
        return await command.ExecuteScalarAsync() is long value ? value : null;
    }

    private static NpgsqlCommand Command(NpgsqlConnection connection, string sql, (string Name, object Value)[] parameters)
    {
        var command = new NpgsqlCommand(sql, connection);
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command;
    }
}
