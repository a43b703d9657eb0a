using CrossBorder.Core.Delivery.States;
using CrossBorder.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace CrossBorder.Storage.Tests.Sqlite;

/// <summary>
/// The base of the SQLite-specific tests (the behaviour every store shares is in
/// <see cref="Contract.StoreContract"/>): a real SQLite database file in a temp folder of its own, opened before each test and deleted
/// after it. The file lies in a folder that does not exist yet, so that every test also opens a
/// store the way a first start does.
/// </summary>
public abstract class StoreTestBase : IAsyncLifetime
{
    private readonly List<SqliteMessageStore> _others = [];

    protected StoreTestBase()
    {
        Folder = Path.Combine(Path.GetTempPath(), "crossborder-store-" + Guid.NewGuid().ToString("N"));
        DatabasePath = Path.Combine(Folder, "data", "gateway.db");
    }

    protected string Folder { get; }

    protected string DatabasePath { get; }

    protected FakeTimeProvider Clock { get; } = new(T0);

    protected SqliteMessageStore Store { get; private set; } = null!;

    public async Task InitializeAsync() => Store = await SqliteMessageStore.OpenAsync(DatabasePath, null, None);

    public async Task DisposeAsync()
    {
        await Store.DisposeAsync();
        foreach (var other in _others)
        {
            await other.DisposeAsync();
        }

        if (Directory.Exists(Folder))
        {
            Directory.Delete(Folder, recursive: true);
        }
    }

    /// <summary>Closes the store (as a stopped or crashed process leaves the file) and opens a new one on the same file.</summary>
    protected async Task ReopenAsync()
    {
        await Store.DisposeAsync();
        Store = await SqliteMessageStore.OpenAsync(DatabasePath, null, None);
    }

    /// <summary>A second store on the same file, disposed after the test.</summary>
    protected async Task<SqliteMessageStore> OpenSecondStoreAsync()
    {
        var store = await SqliteMessageStore.OpenAsync(DatabasePath, null, None);
        _others.Add(store);
        return store;
    }

    /// <summary>A plain connection to the database file, outside the store (as a tamperer or an operator has).</summary>
    protected SqliteConnection OpenRaw()
    {
        var connection = new SqliteConnection(new SqliteConnectionStringBuilder { DataSource = DatabasePath, Pooling = false }.ToString());
        connection.Open();
        return connection;
    }

    protected long RawScalar(string sql, params (string Name, object Value)[] parameters)
    {
        using var connection = OpenRaw();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return Convert.ToInt64(command.ExecuteScalar(), System.Globalization.CultureInfo.InvariantCulture);
    }

    protected int RawExecute(string sql, params (string Name, object Value)[] parameters)
    {
        using var connection = OpenRaw();
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        foreach (var (name, value) in parameters)
        {
            command.Parameters.AddWithValue(name, value);
        }

        return command.ExecuteNonQuery();
    }

    protected async Task<AuditState[]> TrailStatesAsync(string messageId) =>
        [.. (await Store.TrailAsync(messageId, None)).Select(e => e.State)];
}
