using CrossBorder.Gateway.Configuration;
using CrossBorder.Gateway.Tests.Infrastructure;
using CrossBorder.Storage.Postgres;
using CrossBorder.Storage.Sqlite;

namespace CrossBorder.Gateway.Tests.Configuration;

/// <summary>
/// The <c>Store</c> setting: SQLite by default, PostgreSQL with a connection string from the config,
/// the environment or a file. Every mistake is named by its setting, and no problem ever quotes the
/// connection string, so a password in it cannot reach a terminal or a log.
/// </summary>
[Collection(SharedFederation.Name)]
public sealed class StoreSettingTests(FederationFixture federation) : IDisposable
{
    private const string Password = "pw-canary-7Hq2xZ";
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    private GatewayRuntime Load(Action<GatewayOptions> adjust) =>
        GatewayRuntimeLoader.Load(federation.ConfigPath("AL/NCP"), TimeProvider.System, probePorts: false, adjust: o =>
        {
            o.DataDirectory = _directory.File("data");
            adjust(o);
        });

    private GatewayConfigurationException Refused(Action<GatewayOptions> adjust)
    {
        var refused = Assert.Throws<GatewayConfigurationException>(() => Load(adjust));
        Assert.DoesNotContain(Password, refused.Message, StringComparison.Ordinal);
        return refused;
    }

    [Fact]
    public async Task Without_a_store_setting_the_gateway_keeps_its_messages_in_its_SQLite_file()
    {
        var runtime = Load(_ => { });

        Assert.Null(runtime.Exchange.Postgres);
        await using var store = runtime.Exchange.CreateStore(TimeProvider.System);
        Assert.IsType<SqliteMessageStore>(store);
        Assert.StartsWith("SQLite file ", runtime.Exchange.StoreDescription, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Postgres_with_an_inline_connection_string_makes_a_PostgreSQL_store_described_without_its_password()
    {
        var runtime = Load(o =>
        {
            o.Store = "Postgres";
            o.Postgres.ConnectionString = $"Host=db.example;Port=5433;Database=crossborder;Username=gateway;Password={Password}";
            o.Postgres.Replica = "al-1";
        });

        var postgres = Assert.IsType<PostgresStoreOptions>(runtime.Exchange.Postgres);
        Assert.Equal("al-1", postgres.Replica);
        await using var store = runtime.Exchange.CreateStore(TimeProvider.System);
        Assert.IsType<PostgresMessageStore>(store);
        Assert.Equal("PostgreSQL database crossborder on db.example:5433 as gateway, replica al-1", runtime.Exchange.StoreDescription);
        Assert.DoesNotContain(Password, runtime.Exchange.StoreDescription, StringComparison.Ordinal);
    }

    [Fact]
    public void The_connection_string_may_come_from_a_file_and_the_replica_defaults_to_the_machine_name()
    {
        var file = _directory.File("pg.conn");
        File.WriteAllText(file, $"Host=127.0.0.1;Database=crossborder;Username=gateway;Password={Password}\n");

        var runtime = Load(o =>
        {
            o.Store = "postgres";
            o.Postgres.ConnectionStringFile = file;
        });

        Assert.Equal(Environment.MachineName, runtime.Exchange.Postgres!.Replica);
        Assert.Contains("Database=crossborder", runtime.Exchange.Postgres.ConnectionString, StringComparison.Ordinal);
    }

    [Fact]
    public void An_unknown_store_is_refused()
    {
        var refused = Refused(o => o.Store = "Mongo");

        Assert.Contains(refused.Problems, p => p == "gateway.json: Store must be Sqlite or Postgres");
    }

    [Fact]
    public void Postgres_needs_exactly_one_connection_string()
    {
        var none = Refused(o => o.Store = "Postgres");
        var file = _directory.File("pg.conn");
        File.WriteAllText(file, "Host=h;Database=d");
        var both = Refused(o =>
        {
            o.Store = "Postgres";
            o.Postgres.ConnectionString = $"Host=h;Database=d;Password={Password}";
            o.Postgres.ConnectionStringFile = file;
        });

        const string Problem = "gateway.json: Postgres.ConnectionString or Postgres.ConnectionStringFile is required when Store is Postgres, not both";
        Assert.Contains(Problem, none.Problems);
        Assert.Contains(Problem, both.Problems);
    }

    [Theory]
    [InlineData("Host=h;Database=d;Password=\"pw-canary-7Hq2xZ")]
    [InlineData("Host=h;Database=d;NoSuchKey=pw-canary-7Hq2xZ")]
    [InlineData("pw-canary-7Hq2xZ")]
    [InlineData("Host=h;Database=d;Port=pw-canary-7Hq2xZ")]
    public void A_connection_string_that_cannot_be_read_is_refused_without_quoting_it(string text)
    {
        var refused = Refused(o =>
        {
            o.Store = "Postgres";
            o.Postgres.ConnectionString = text;
        });

        Assert.Contains("gateway.json: Postgres.ConnectionString: not a valid PostgreSQL connection string (check its keys and quoting)", refused.Problems);
    }

    [Theory]
    [InlineData("Database=d;Password=pw-canary-7Hq2xZ")]
    [InlineData("Host=h;Password=pw-canary-7Hq2xZ")]
    public void A_connection_string_must_name_a_host_and_a_database(string text)
    {
        var refused = Refused(o =>
        {
            o.Store = "Postgres";
            o.Postgres.ConnectionString = text;
        });

        Assert.Contains("gateway.json: Postgres.ConnectionString: the connection string must name a Host and a Database", refused.Problems);
    }

    [Fact]
    public void A_missing_connection_string_file_a_bad_replica_name_and_pool_size_are_named()
    {
        var missing = Refused(o =>
        {
            o.Store = "Postgres";
            o.Postgres.ConnectionStringFile = _directory.File("absent.conn");
        });
        var replica = Refused(o =>
        {
            o.Store = "Postgres";
            o.Postgres.ConnectionString = "Host=h;Database=d";
            o.Postgres.Replica = "al\n1";
        });
        var pool = Refused(o =>
        {
            o.Store = "Postgres";
            o.Postgres.ConnectionString = "Host=h;Database=d";
            o.Postgres.MaxConnections = 2;
        });

        Assert.Contains(missing.Problems, p => p.StartsWith("gateway.json: Postgres.ConnectionStringFile", StringComparison.Ordinal) && p.Contains("absent.conn", StringComparison.Ordinal));
        Assert.Contains("gateway.json: Postgres.Replica: at most 64 printable characters", replica.Problems);
        Assert.Contains("gateway.json: Postgres.MaxConnections must be between 4 and 1000", pool.Problems);
    }

    [Fact]
    public void The_connection_string_may_come_from_the_environment()
    {
        // Other tests reading configs meanwhile keep their SQLite store: the setting is read only when Store says Postgres.
        const string Variable = "CrossBorder__Gateway__Postgres__ConnectionString";
        Environment.SetEnvironmentVariable(Variable, $"Host=env.example;Database=fromenv;Password={Password}");
        try
        {
            var options = GatewayRuntimeLoader.ReadOptions(federation.ConfigPath("AL/NCP"));

            Assert.Equal($"Host=env.example;Database=fromenv;Password={Password}", options.Postgres.ConnectionString);
        }
        finally
        {
            Environment.SetEnvironmentVariable(Variable, null);
        }
    }
}
