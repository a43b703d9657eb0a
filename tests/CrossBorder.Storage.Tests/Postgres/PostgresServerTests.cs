using System.Net;
using System.Net.Sockets;
using CrossBorder.Testing.Postgres;
using Npgsql;
using Xunit.Abstractions;
using Xunit.Sdk;

namespace CrossBorder.Storage.Tests.Postgres;

/// <summary>
/// The throwaway PostgreSQL server the store's tests and fault tests stand on, against real
/// servers: logins, where it listens, a crash and restart, a kill, a synchronous standby and its
/// promotion. The tests that break a server start their own.
/// </summary>
public sealed class PostgresServerTests(PostgresServerFixture fixture, ITestOutputHelper output) : IClassFixture<PostgresServerFixture>
{
    private const string AdminShutdown = "57P01";
    private const string InvalidPassword = "28P01";
    private const string ReadOnlyTransaction = "25006";
    private const string UndefinedTable = "42P01";

    private PostgresServer Server => fixture.Server;

    [Fact]
    public async Task A_test_database_belongs_to_the_crossborder_role_which_is_no_superuser_and_reads_and_writes_in_it()
    {
        var connectionString = await Server.CreateDatabaseAsync();

        await using var connection = await OpenAsync(connectionString);
        await ExecuteAsync(connection, "CREATE TABLE note (id int PRIMARY KEY, body text NOT NULL)");
        await ExecuteAsync(connection, "INSERT INTO note VALUES (1, 'first')");
        Assert.Equal("first", await ScalarAsync<string>(connection, "SELECT body FROM note WHERE id = 1"));
        Assert.Equal(PostgresServer.Role, await ScalarAsync<string>(connection, "SELECT current_user"));
        Assert.Equal(
            PostgresServer.Role,
            await ScalarAsync<string>(connection, "SELECT pg_get_userbyid(datdba) FROM pg_database WHERE datname = current_database()"));
        Assert.False(await ScalarAsync<bool>(connection, "SELECT rolsuper FROM pg_roles WHERE rolname = current_user"));
        Assert.Equal("on", await ScalarAsync<string>(connection, "SHOW fsync"));
    }

    [Fact]
    public async Task Each_database_is_separate_and_named_as_asked()
    {
        var first = await Server.CreateDatabaseAsync();
        var named = await Server.CreateDatabaseAsync("named_" + Guid.NewGuid().ToString("N")[..8]);
        await using (var connection = await OpenAsync(first))
        {
            await ExecuteAsync(connection, "CREATE TABLE only_here (id int)");
        }

        await using var other = await OpenAsync(named);
        Assert.StartsWith("named_", await ScalarAsync<string>(other, "SELECT current_database()"), StringComparison.Ordinal);
        var error = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(other, "SELECT * FROM only_here"));
        Assert.Equal(UndefinedTable, error.SqlState);
    }

    [Fact]
    public async Task Making_a_database_is_cheap_enough_for_one_per_test()
    {
        const int Count = 10;
        var start = TimeProvider.System.GetTimestamp();
        for (var i = 0; i < Count; i++)
        {
            await Server.CreateDatabaseAsync();
        }

        var each = TimeProvider.System.GetElapsedTime(start) / Count;
        output.WriteLine($"CreateDatabaseAsync: {each.TotalMilliseconds:F0} ms");
        Assert.True(each < TimeSpan.FromSeconds(2), $"a database took {each.TotalMilliseconds:F0} ms");
    }

    [Fact]
    public async Task A_name_that_is_not_a_plain_identifier_is_refused()
    {
        await Assert.ThrowsAsync<ArgumentException>(() => Server.CreateDatabaseAsync("x\"; DROP DATABASE postgres; --"));
        await Assert.ThrowsAsync<ArgumentException>(() => Server.CreateDatabaseAsync("Upper"));
    }

    [Fact]
    public async Task A_wrong_password_is_refused_for_the_role_and_the_superuser()
    {
        var connectionString = await Server.CreateDatabaseAsync();
        foreach (var wrong in new[] { connectionString, Server.SuperuserConnectionString })
        {
            var builder = new NpgsqlConnectionStringBuilder(wrong) { Password = "not-the-password" };
            var error = await Assert.ThrowsAsync<PostgresException>(() => OpenAsync(builder.ConnectionString));
            Assert.Equal(InvalidPassword, error.SqlState);
        }
    }

    [Fact]
    public async Task The_server_listens_on_127_0_0_1_only()
    {
        await using var connection = await OpenAsync(Server.SuperuserConnectionString);
        Assert.Equal("127.0.0.1", await ScalarAsync<string>(connection, "SHOW listen_addresses"));
        Assert.Equal(IPAddress.Loopback, (await ScalarAsync<IPAddress>(connection, "SELECT inet_server_addr()")));

        // 127.0.0.2 reaches this machine too: only a socket bound to 127.0.0.1 alone refuses it.
        var elsewhere = await Assert.ThrowsAsync<SocketException>(() => ConnectTcpAsync(IPAddress.Parse("127.0.0.2"), Server.Port));
        Assert.Equal(SocketError.ConnectionRefused, elsewhere.SocketErrorCode);
        await Assert.ThrowsAsync<SocketException>(() => ConnectTcpAsync(IPAddress.IPv6Loopback, Server.Port));
        await ConnectTcpAsync(IPAddress.Loopback, Server.Port);
    }

    [Fact]
    public async Task A_missing_server_fails_the_test_naming_the_package_to_install()
    {
        var missing = Path.Combine(Path.GetTempPath(), "crossborder-no-postgresql-" + Guid.NewGuid().ToString("N"));

        var error = await Assert.ThrowsAsync<XunitException>(() => PostgresServer.StartAsync(missing, CancellationToken.None));

        Assert.Contains("apt-get install postgresql", error.Message, StringComparison.Ordinal);
    }

    [Fact]
    public async Task A_server_down_by_an_immediate_stop_a_crash_restart_or_a_kill_cuts_sessions_refuses_connections_and_keeps_committed_rows()
    {
        await using var server = await StartTimedAsync("server start");
        var connectionString = await server.CreateDatabaseAsync();
        await using (var setup = await OpenAsync(connectionString))
        {
            await ExecuteAsync(setup, "CREATE TABLE note (id int PRIMARY KEY)");
            await ExecuteAsync(setup, "INSERT INTO note VALUES (1)");
        }

        await using var beforeStop = await OpenAsync(connectionString);
        await server.StopAsync("immediate");
        await AssertCutAsync(beforeStop);
        await AssertRefusedAsync(connectionString);
        await server.StartAgainAsync();
        await AssertRowsAsync(connectionString, 1);
        await using (var write = await OpenAsync(connectionString))
        {
            await ExecuteAsync(write, "INSERT INTO note VALUES (2)");
        }

        await using var beforeRestart = await OpenAsync(connectionString);
        await server.RestartImmediateAsync();
        await AssertCutAsync(beforeRestart);
        await AssertRowsAsync(connectionString, 2);

        await using var beforeKill = await OpenAsync(connectionString);
        server.Kill();
        await AssertCutAsync(beforeKill);
        await AssertRefusedAsync(connectionString);
        await server.StartAgainAsync();
        await AssertRowsAsync(connectionString, 2);
    }

    [Fact]
    public async Task A_synchronous_standby_has_each_commit_and_once_promoted_takes_writes()
    {
        await using var primary = await PostgresServer.StartAsync();
        var onPrimary = await primary.CreateDatabaseAsync();
        var database = new NpgsqlConnectionStringBuilder(onPrimary).Database!;
        await using (var setup = await OpenAsync(onPrimary))
        {
            await ExecuteAsync(setup, "CREATE TABLE note (id int PRIMARY KEY)");
        }

        var start = TimeProvider.System.GetTimestamp();
        await using var standby = await primary.StartStandbyAsync();
        output.WriteLine($"standby start: {TimeProvider.System.GetElapsedTime(start).TotalMilliseconds:F0} ms");
        await using (var admin = await OpenAsync(primary.SuperuserConnectionString))
        {
            Assert.Equal("sync", await ScalarAsync<string>(admin, $"SELECT sync_state FROM pg_stat_replication WHERE application_name = '{standby.Name}'"));
        }

        await using (var write = await OpenAsync(onPrimary))
        {
            await ExecuteAsync(write, "INSERT INTO note VALUES (7)");
        }

        var onStandby = standby.ConnectionStringFor(database);
        await using (var read = await OpenAsync(onStandby))
        {
            Assert.True(await ScalarAsync<bool>(read, "SELECT pg_is_in_recovery()"));
            Assert.True(
                await Eventually.UntilAsync(async () => await ScalarAsync<int>(read, "SELECT count(*)::int FROM note WHERE id = 7") == 1, TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(50)),
                "the committed row did not appear on the standby");
            var refused = await Assert.ThrowsAsync<PostgresException>(() => ExecuteAsync(read, "INSERT INTO note VALUES (8)"));
            Assert.Equal(ReadOnlyTransaction, refused.SqlState);
        }

        await standby.PromoteAsync();
        await using (var promoted = await OpenAsync(onStandby))
        {
            Assert.False(await ScalarAsync<bool>(promoted, "SELECT pg_is_in_recovery()"));
            await ExecuteAsync(promoted, "INSERT INTO note VALUES (8)");
            Assert.Equal(2, await ScalarAsync<int>(promoted, "SELECT count(*)::int FROM note"));
        }

        // The standby gone, its primary no longer waits for it on each commit.
        await standby.DisposeAsync();
        await using var alone = await OpenAsync(onPrimary);
        await ExecuteAsync(alone, "INSERT INTO note VALUES (9)");
    }

    [Fact]
    public async Task An_asynchronous_standby_streams_without_holding_up_commits()
    {
        await using var primary = await PostgresServer.StartAsync();
        await using var standby = await primary.StartStandbyAsync(synchronous: false);

        await using var admin = await OpenAsync(primary.SuperuserConnectionString);
        Assert.Equal("async", await ScalarAsync<string>(admin, $"SELECT sync_state FROM pg_stat_replication WHERE application_name = '{standby.Name}'"));
        Assert.Equal("", await ScalarAsync<string>(admin, "SHOW synchronous_standby_names"));
    }

    private async Task<PostgresServer> StartTimedAsync(string what)
    {
        var start = TimeProvider.System.GetTimestamp();
        var server = await PostgresServer.StartAsync();
        output.WriteLine($"{what}: {TimeProvider.System.GetElapsedTime(start).TotalMilliseconds:F0} ms");
        return server;
    }

    private static async Task AssertRowsAsync(string connectionString, int expected)
    {
        await using var connection = await OpenAsync(connectionString);
        Assert.Equal(expected, await ScalarAsync<int>(connection, "SELECT count(*)::int FROM note"));
    }

    /// <summary>
    /// A session of a server that went down fails on its next use: closed without a word (a crash) or
    /// with the server's last word that it is going away (a backend that outlived a killed postmaster).
    /// </summary>
    private static async Task AssertCutAsync(NpgsqlConnection connection)
    {
        var error = await Assert.ThrowsAnyAsync<NpgsqlException>(() => ScalarAsync<int>(connection, "SELECT 1"));
        Assert.True(
            error is PostgresException { SqlState: AdminShutdown } || error.InnerException is IOException,
            $"not a cut session: {error.GetType().Name} {(error as PostgresException)?.SqlState} {error.InnerException?.GetType().Name}");
        Assert.Equal(System.Data.ConnectionState.Closed, connection.State);
    }

    /// <summary>A server that is down refuses new connections at the TCP level.</summary>
    private static async Task AssertRefusedAsync(string connectionString)
    {
        var error = await Assert.ThrowsAnyAsync<NpgsqlException>(() => OpenAsync(connectionString));
        var socket = Assert.IsType<SocketException>(error.InnerException);
        Assert.Equal(SocketError.ConnectionRefused, socket.SocketErrorCode);
    }

    private static async Task<NpgsqlConnection> OpenAsync(string connectionString)
    {
        var builder = new NpgsqlConnectionStringBuilder(connectionString) { Pooling = false, Timeout = 10, CommandTimeout = 10 };
        var connection = new NpgsqlConnection(builder.ConnectionString);
        try
        {
            await connection.OpenAsync();
            return connection;
        }
        catch
        {
            await connection.DisposeAsync();
            throw;
        }
    }

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync();
    }

    private static async Task<T> ScalarAsync<T>(NpgsqlConnection connection, string sql)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        return Assert.IsType<T>(await command.ExecuteScalarAsync());
    }

    private static async Task ConnectTcpAsync(IPAddress address, int port)
    {
        using var client = new TcpClient(address.AddressFamily);
        using var limit = Eventually.Within(TimeSpan.FromSeconds(5));
        await client.ConnectAsync(address, port, limit.Token);
    }
}
