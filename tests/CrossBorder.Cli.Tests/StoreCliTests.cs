using System.Text.Json.Nodes;
using CrossBorder.Cli.Tests.Infrastructure;
using CrossBorder.Contracts.V1;
using CrossBorder.Storage.Postgres;
using CrossBorder.Testing.Postgres;
using Npgsql;
using static CrossBorder.Gateway.Testing.Exchanges;

namespace CrossBorder.Cli.Tests;

/// <summary>
/// <c>crossborder store migrate</c> on both stores, and the commands that open a gateway's store
/// (<c>audit verify</c>) on PostgreSQL: a gateway whose config says <c>Store: Postgres</c>, real
/// server, real database. A database that does not answer is refused UNAVAILABLE with its SQL state only.
/// </summary>
[Collection(SharedExchange.Name)]
public sealed class StoreCliTests(ExchangeFederation federation) : IAsyncLifetime, IDisposable
{
    private readonly TempDirectory _data = new();
    private readonly List<string> _configs = [];
    private PostgresServer _postgres = null!;

    public async Task InitializeAsync() => _postgres = await PostgresServer.StartAsync();

    public async Task DisposeAsync() => await _postgres.DisposeAsync();

    public void Dispose()
    {
        foreach (var config in _configs)
        {
            File.Delete(config);
        }

        _data.Dispose();
    }

    [Fact]
    public async Task Migrate_brings_an_empty_PostgreSQL_database_to_this_schema_once_and_the_gateway_then_starts_without_migrating()
    {
        var database = await _postgres.CreateDatabaseAsync();
        var config = Config("IT/NCP", o =>
        {
            o["Store"] = "Postgres";
            o["Postgres"] = new JsonObject { ["ConnectionString"] = database, ["Replica"] = "it-1", ["MigrateAtStart"] = false };
        });
        var version = PostgresMessageStore.SchemaVersion;

        var first = await CliRunner.RunAsync("store", "migrate", "--config", config);
        var again = await CliRunner.RunAsync("store", "migrate", "--config", config);

        Assert.True(first.ExitCode == 0, first.ToString());
        var name = new NpgsqlConnectionStringBuilder(database).Database;
        Assert.Equal($"store: IT/NCP: PostgreSQL database {name} on 127.0.0.1:{_postgres.Port} as crossborder, replica it-1: schema version 0 -> {version}\n", first.Out.ReplaceLineEndings("\n"));
        Assert.Equal(0, again.ExitCode);
        Assert.EndsWith($"schema version {version} -> {version}\n", again.Out.ReplaceLineEndings("\n"), StringComparison.Ordinal);
        Assert.DoesNotContain(new NpgsqlConnectionStringBuilder(database).Password!, first.Out + first.Error, StringComparison.Ordinal);

        // The gateway does not migrate (MigrateAtStart false) and finds the schema in place: it exchanges, and its audit verifies from the CLI.
        var data = _data.File("it");
        await using (var italy = await federation.StartAsync("IT/NCP", data, o =>
        {
            o.Store = "Postgres";
            o.Postgres.ConnectionString = database;
            o.Postgres.Replica = "it-1";
            o.Postgres.MigrateAtStart = false;
        }))
        await using (var albania = await federation.StartAsync("AL/NCP", data + "-al"))
        {
            var submitted = await SendAsync(federation.Client("IT/NCP", "case-worker"), "AL/NCP", Purpose.TransnationalReferral, Example("case-referral"));
            Assert.Equal("DELIVERED", (await WaitForStateAsync(federation.Client("IT/NCP", "case-worker"), submitted.MessageId, "DELIVERED")).CurrentState);
        }

        var verified = await CliRunner.RunAsync("audit", "verify", "--config", config);
        Assert.True(verified.ExitCode == 0, verified.ToString());
        Assert.Matches("^audit: IT/NCP: [4-9] entries, hash chain intact", verified.Out);
    }

    [Fact]
    public async Task A_gateway_refuses_to_start_on_a_database_that_was_not_migrated_when_it_may_not_migrate()
    {
        var database = await _postgres.CreateDatabaseAsync();

        var refused = await Assert.ThrowsAsync<CrossBorder.Storage.StoreSchemaException>(() => federation.StartAsync("IT/NCP", _data.File("it-new"), o =>
        {
            o.Store = "Postgres";
            o.Postgres.ConnectionString = database;
            o.Postgres.MigrateAtStart = false;
        }));

        Assert.Contains("run 'crossborder store migrate' first", refused.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Migrate_on_a_SQLite_gateway_creates_or_upgrades_its_file()
    {
        var config = Config("AL/NCP", o => o["DataDirectory"] = _data.File("al-sqlite"));

        var migrated = await CliRunner.RunAsync("store", "migrate", "--config", config);

        Assert.True(migrated.ExitCode == 0, migrated.ToString());
        Assert.StartsWith("store: AL/NCP: SQLite file ", migrated.Out, StringComparison.Ordinal);
        Assert.True(File.Exists(Path.Combine(_data.File("al-sqlite"), "gateway.db")));
    }

    [Fact]
    public async Task A_database_that_does_not_answer_is_refused_UNAVAILABLE_with_its_SQL_state_and_no_password()
    {
        const string Password = "pw-canary-Zk31";
        var wrong = new NpgsqlConnectionStringBuilder(await _postgres.CreateDatabaseAsync()) { Password = Password }.ConnectionString;
        var config = Config("IT/NCP", o =>
        {
            o["Store"] = "Postgres";
            o["Postgres"] = new JsonObject { ["ConnectionString"] = wrong };
        });

        var refused = await CliRunner.RunAsync("store", "migrate", "--config", config);

        Assert.Equal(1, refused.ExitCode);
        Assert.Equal("rejected: UNAVAILABLE: the database refused or did not answer (28P01)\n", refused.Error.ReplaceLineEndings("\n"));
        Assert.DoesNotContain(Password, refused.Out + refused.Error, StringComparison.Ordinal);
    }

    /// <summary>A copy of a participant's config next to it (relative paths hold), changed by <paramref name="change"/>.</summary>
    private string Config(string participant, Action<JsonObject> change)
    {
        var original = federation.ConfigPath(participant);
        var json = JsonNode.Parse(File.ReadAllText(original))!;
        var gateway = json["CrossBorder"]!["Gateway"]!.AsObject();
        change(gateway);
        var copy = Path.Combine(Path.GetDirectoryName(original)!, $"gateway-{Guid.NewGuid():N}.json");
        File.WriteAllText(copy, json.ToJsonString());
        _configs.Add(copy);
        return copy;
    }
}
