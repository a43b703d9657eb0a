using System.Security.Cryptography;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Storage;
using CrossBorder.Storage.Sqlite;
using Microsoft.Data.Sqlite;
using Microsoft.Extensions.Time.Testing;

namespace CrossBorder.Storage.Tests;

/// <summary>
/// A real SQLite database file in a temp folder of its own, opened before each test and deleted
/// after it. The file lies in a folder that does not exist yet, so that every test also opens a
/// store the way a first start does.
/// </summary>
public abstract class StoreTestBase : IAsyncLifetime
{
    protected static readonly DateTimeOffset T0 = new(2026, 3, 1, 9, 0, 0, TimeSpan.Zero);
    protected const string Recipient = "AL/NCP";
    protected const string Sender = "GR/NCP";
    protected const string TraceParent = "00-0af7651916cd43dd8448eb211c80319c-b7ad6b7169203331-01";
    protected static readonly CancellationToken None = CancellationToken.None;

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

    protected static string NewId() => Guid.NewGuid().ToString("N");

    protected static OutboundMessage Outbound(
        DateTimeOffset createdAt,
        TimeSpan? lifetime = null,
        string? id = null,
        string recipient = Recipient,
        MessageType type = MessageType.CaseReferral,
        byte[]? envelope = null)
    {
        envelope ??= RandomNumberGenerator.GetBytes(96);
        return new OutboundMessage(
            MessageId: id ?? NewId(),
            ConversationId: NewId(),
            Recipient: recipient,
            MessageType: type,
            SubmittedBy: "caseworker",
            Envelope: envelope,
            SealedSha256: SHA256.HashData(envelope),
            CreatedAt: createdAt,
            ExpiresAt: createdAt + (lifetime ?? TimeSpan.FromDays(1)),
            Attempts: 0,
            TraceParent: TraceParent);
    }

    protected static InboundMessage Inbound(
        DateTimeOffset receivedAt,
        string? id = null,
        string sender = Sender,
        MessageType type = MessageType.CaseReferral,
        byte[]? envelope = null,
        byte[]? receipt = null)
    {
        envelope ??= RandomNumberGenerator.GetBytes(96);
        return new InboundMessage(
            Sender: sender,
            MessageId: id ?? NewId(),
            ConversationId: NewId(),
            MessageType: type,
            Envelope: envelope,
            SealedSha256: SHA256.HashData(envelope),
            ReceivedAt: receivedAt,
            ExpiresAt: receivedAt + TimeSpan.FromDays(1),
            SignedReceipt: receipt ?? RandomNumberGenerator.GetBytes(48),
            TraceParent: TraceParent);
    }

    protected static HashSet<MessageType> Types(params MessageType[] types) => [.. types];

    protected async Task<string[]> TrailStatesAsync(string messageId) =>
        [.. (await Store.TrailAsync(messageId, None)).Select(e => e.State)];
}
