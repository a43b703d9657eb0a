using System.Diagnostics;
using System.Globalization;
using System.Net;
using System.Net.Sockets;
using System.Security.Cryptography;
using System.Text.RegularExpressions;
using Npgsql;
using Xunit.Sdk;

namespace CrossBorder.Testing.Postgres;

/// <summary>
/// A throwaway PostgreSQL server of Debian's packages: its own cluster in a temporary folder on a
/// free port of 127.0.0.1, password (SCRAM) logins only, real fsync, so that the store's tests and
/// fault tests (crash, outage, failover to a synchronous standby) run against the real thing. The
/// server refuses to run as root, so under root its programs run as the <c>postgres</c> user.
/// </summary>
public sealed partial class PostgresServer : IAsyncDisposable
{
    /// <summary>The login role that owns the test databases: the least a store connects with.</summary>
    public const string Role = "crossborder";

    private const string Package = "postgresql";
    private const string DefaultRoot = "/usr/lib/postgresql";
    private const string Superuser = "postgres";

    /// <summary>pg_ctl's own bound on a start, stop or promotion: below ExternalTool's minute, so pg_ctl reports first.</summary>
    private const int PgCtlSeconds = 55;

    private static readonly TimeSpan ShortLimit = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan ReplicationLimit = TimeSpan.FromSeconds(30);
    private static readonly TimeSpan Poll = TimeSpan.FromMilliseconds(50);

    private readonly string _binaries;
    private readonly TempDirectory _folder;
    private readonly string _superuserPassword;
    private readonly string _rolePassword;
    private readonly PostgresServer? _primary;
    private readonly SemaphoreSlim _adminGate = new(1, 1);
    private NpgsqlConnection? _admin;
    private bool _roleReady;
    private int _disposed;

    private PostgresServer(string binaries, TempDirectory folder, string superuserPassword, string rolePassword, PostgresServer? primary)
    {
        _binaries = binaries;
        _folder = folder;
        _superuserPassword = superuserPassword;
        _rolePassword = rolePassword;
        _primary = primary;
        DataDirectory = folder.File("data");
    }

    /// <summary>The TCP port on 127.0.0.1; the same across stops and starts.</summary>
    public int Port { get; private set; }

    /// <summary>The cluster's data folder.</summary>
    public string DataDirectory { get; }

    /// <summary>The name this server gives itself, and a standby gives its primary (<c>application_name</c>).</summary>
    public string Name => $"crossborder_{Port}";

    /// <summary>The <c>postgres</c> superuser on its own database, unpooled: a fault test sees each connection's fate.</summary>
    public string SuperuserConnectionString => ConnectionString(Superuser, _superuserPassword, database: null, pooling: false);

    /// <summary>Initializes and starts a new server; a missing PostgreSQL server fails the test naming the package.</summary>
    public static Task<PostgresServer> StartAsync(CancellationToken cancellationToken = default) =>
        StartAsync(DefaultRoot, cancellationToken);

    internal static async Task<PostgresServer> StartAsync(string installRoot, CancellationToken cancellationToken)
    {
        var binaries = FindBinaries(installRoot);
        var folder = new TempDirectory();
        var server = new PostgresServer(binaries, folder, NewPassword(), NewPassword(), primary: null);
        try
        {
            var passwordFile = folder.File("superuser-password");
            await File.WriteAllTextAsync(passwordFile, server._superuserPassword + "\n", cancellationToken);
            await server.GiveToServerUserAsync(cancellationToken);
            var (exitCode, _, error) = await server.RunAsync(
                "initdb",
                ["-D", server.DataDirectory, "-U", Superuser, "--auth=scram-sha-256", "--pwfile", passwordFile,
                 "-E", "UTF8", "--no-locale", "--no-sync", "--no-instructions"],
                environment: null,
                cancellationToken);
            File.Delete(passwordFile);
            if (exitCode != 0)
            {
                throw new XunitException($"initdb failed (exit {exitCode}): {OneLine(error)}");
            }

            await server.StartOnFreePortAsync(cancellationToken);
            return server;
        }
        catch
        {
            await server.DisposeAsync();
            throw;
        }
    }

    /// <summary>
    /// Creates a database owned by <see cref="Role"/> (made once per server) and returns that role's
    /// connection string to it. Cheap enough for one database per test: the server is thrown away, so
    /// nothing is dropped.
    /// </summary>
    public async Task<string> CreateDatabaseAsync(string? name = null, CancellationToken ct = default)
    {
        name ??= "t_" + Guid.NewGuid().ToString("N");
        if (!Identifier().IsMatch(name))
        {
            throw new ArgumentException("a database name here is lower-case letters, digits and '_'", nameof(name));
        }

        await _adminGate.WaitAsync(ct);
        try
        {
            var admin = await AdminAsync(ct);
            if (!_roleReady)
            {
                // A promoted standby has the role already, replicated from its primary.
                await ExecuteAsync(
                    admin,
                    $"DO $$BEGIN IF NOT EXISTS (SELECT FROM pg_roles WHERE rolname = '{Role}') THEN CREATE ROLE {Role} LOGIN PASSWORD '{_rolePassword}'; END IF; END$$",
                    ct);
                _roleReady = true;
            }

            await ExecuteAsync(admin, $"CREATE DATABASE \"{name}\" OWNER {Role}", ct);
        }
        finally
        {
            _adminGate.Release();
        }

        return ConnectionStringFor(name);
    }

    /// <summary>The <see cref="Role"/> role's connection string to <paramref name="database"/> on this server (a standby shares the primary's role).</summary>
    public string ConnectionStringFor(string database)
    {
        ArgumentException.ThrowIfNullOrEmpty(database);
        return ConnectionString(Role, _rolePassword, database, pooling: true);
    }

    /// <summary>Stops the server: <c>fast</c> (sessions ended, a clean checkpoint), <c>immediate</c> (a crash: recovery at the next start) or <c>smart</c>.</summary>
    public async Task StopAsync(string mode = "fast", CancellationToken ct = default)
    {
        if (mode is not ("fast" or "immediate" or "smart"))
        {
            throw new ArgumentException("pg_ctl stops in mode fast, immediate or smart", nameof(mode));
        }

        await PgCtlAsync(["stop", "-m", mode], "did not stop", ct);
    }

    /// <summary>Starts the stopped (or killed) server again on the same port.</summary>
    public async Task StartAgainAsync(CancellationToken ct = default)
    {
        // After Kill the postmaster's children leave in their own time, holding its shared memory
        // until they do: the new postmaster refuses to start while that block is in use.
        var start = TimeProvider.System.GetTimestamp();
        while (true)
        {
            var logLength = LogLength();
            var failure = await TryStartAsync(ct);
            if (failure is null)
            {
                return;
            }

            var fresh = LogSince(logLength);
            if (!fresh.Contains("is still in use", StringComparison.Ordinal) || TimeProvider.System.GetElapsedTime(start) > ReplicationLimit)
            {
                throw new XunitException(failure);
            }

            await Eventually.PauseAsync(TimeSpan.FromMilliseconds(200), ct);
        }
    }

    /// <summary>A crash and a restart: stop in immediate mode (no checkpoint), then start on the same port.</summary>
    public async Task RestartImmediateAsync(CancellationToken ct = default)
    {
        await StopAsync("immediate", ct);
        await StartAgainAsync(ct);
    }

    /// <summary>Kills the postmaster with SIGKILL (its pid from <c>postmaster.pid</c>); its sessions end as it notices.</summary>
    public void Kill()
    {
        var pid = PostmasterPid() ?? throw new InvalidOperationException("the server is not running (no postmaster.pid)");
        try
        {
            using var postmaster = Process.GetProcessById(pid);
            if (postmaster.ProcessName != "postgres")
            {
                return; // A stale pid file, its number since given to another program.
            }

            postmaster.Kill(entireProcessTree: false);
            postmaster.WaitForExit(TimeSpan.FromSeconds(10));
        }
        catch (ArgumentException)
        {
            // Gone already.
        }
    }

    /// <summary>
    /// Starts a hot standby of this server, streaming from it, on its own port and folder. When
    /// <paramref name="synchronous"/>, this server is then configured to wait for it on each commit,
    /// and the call returns once the standby is the synchronous one.
    /// </summary>
    public async Task<PostgresServer> StartStandbyAsync(bool synchronous = true, CancellationToken ct = default)
    {
        var standby = new PostgresServer(_binaries, new TempDirectory(), _superuserPassword, _rolePassword, primary: this);
        try
        {
            await standby.GiveToServerUserAsync(ct);
            var (exitCode, _, error) = await standby.RunAsync(
                "pg_basebackup",
                ["-h", IPAddress.Loopback.ToString(), "-p", Port.ToString(CultureInfo.InvariantCulture), "-U", Superuser,
                 "-D", standby.DataDirectory, "-R", "-X", "stream", "-c", "fast", "--no-sync"],
                new Dictionary<string, string> { ["PGPASSWORD"] = _superuserPassword },
                ct);
            if (exitCode != 0)
            {
                throw new XunitException($"pg_basebackup from port {Port} failed (exit {exitCode}): {OneLine(error)}");
            }

            await standby.StartOnFreePortAsync(ct);
            await using var connection = new NpgsqlConnection(SuperuserConnectionString);
            await connection.OpenAsync(ct);
            if (synchronous)
            {
                await ExecuteAsync(connection, $"ALTER SYSTEM SET synchronous_standby_names = '{standby.Name}'", ct);
                await ExecuteAsync(connection, "SELECT pg_reload_conf()", ct);
            }

            var wanted = synchronous ? "sync" : "async";
            var streaming = await Eventually.UntilAsync(
                async () => await ReplicationStateAsync(connection, standby.Name, ct) == wanted, ReplicationLimit, Poll);
            if (!streaming)
            {
                var seen = await ReplicationStateAsync(connection, standby.Name, ct) ?? "absent";
                throw new XunitException(
                    $"standby {standby.Name} was not streaming as {wanted} within {ReplicationLimit.TotalSeconds} s (pg_stat_replication: {seen}); standby log: {standby.LogTail()}");
            }

            return standby;
        }
        catch
        {
            await standby.DisposeAsync();
            throw;
        }
    }

    /// <summary>Promotes this standby to a primary, waiting until it accepts writes.</summary>
    public Task PromoteAsync(CancellationToken ct = default) => PgCtlAsync(["promote"], "was not promoted", ct);

    /// <summary>Stops the server at once and deletes its folder; never throws.</summary>
    public async ValueTask DisposeAsync()
    {
        if (Interlocked.Exchange(ref _disposed, 1) == 1)
        {
            return;
        }

        await ReleasePrimaryAsync();
        try
        {
            if (_admin is not null)
            {
                await _admin.DisposeAsync();
            }
        }
        catch (Exception)
        {
            // Its server is going away.
        }

        try
        {
            if (PostmasterPid() is not null)
            {
                await StopAsync("immediate");
            }
        }
        catch (Exception)
        {
            // Killed below.
        }

        try
        {
            if (PostmasterPid() is not null)
            {
                Kill();
            }
        }
        catch (Exception)
        {
            // Nothing else to do for a process that cannot be found.
        }

        try
        {
            _folder.Dispose();
        }
        catch (Exception)
        {
            // A temporary folder left behind is no test's failure.
        }

        _adminGate.Dispose();
    }

    /// <summary>The newest major version's programs under <paramref name="installRoot"/> (Debian keeps them off PATH).</summary>
    internal static string FindBinaries(string installRoot)
    {
        string[] needed = ["initdb", "pg_ctl", "postgres", "pg_basebackup"];
        var newest = (Directory.Exists(installRoot) ? Directory.GetDirectories(installRoot) : [])
            .Select(folder => (Binaries: Path.Combine(folder, "bin"), Major: MajorVersion(Path.GetFileName(folder))))
            .Where(candidate => candidate.Major is not null && needed.All(program => File.Exists(Path.Combine(candidate.Binaries, program))))
            .OrderByDescending(candidate => candidate.Major)
            .Select(candidate => candidate.Binaries)
            .FirstOrDefault();
        return newest ?? throw new XunitException(ExternalTool.NotFound($"{installRoot}/<version>/bin/initdb", Package));
    }

    private static decimal? MajorVersion(string name) =>
        decimal.TryParse(name, NumberStyles.AllowDecimalPoint, CultureInfo.InvariantCulture, out var major) ? major : null;

    private static string NewPassword() => Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(24));

    private static int FreePort()
    {
        using var listener = new TcpListener(IPAddress.Loopback, 0);
        listener.Start();
        var port = ((IPEndPoint)listener.LocalEndpoint).Port;
        listener.Stop();
        return port;
    }

    private static string OneLine(string text) =>
        string.Join(" | ", text.Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries));

    private static async Task ExecuteAsync(NpgsqlConnection connection, string sql, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(sql, connection);
        await command.ExecuteNonQueryAsync(ct);
    }

    private static async Task<string?> ReplicationStateAsync(NpgsqlConnection connection, string name, CancellationToken ct)
    {
        await using var command = new NpgsqlCommand(
            "SELECT sync_state FROM pg_stat_replication WHERE application_name = $1 AND state = 'streaming'", connection);
        command.Parameters.AddWithValue(name);
        return await command.ExecuteScalarAsync(ct) as string;
    }

    private string ConnectionString(string user, string password, string? database, bool pooling) =>
        new NpgsqlConnectionStringBuilder
        {
            Host = IPAddress.Loopback.ToString(),
            Port = Port,
            Database = database,
            Username = user,
            Password = password,
            Pooling = pooling,
        }.ConnectionString;

    /// <summary>
    /// The superuser session that makes databases, kept open (a login costs about as much as a
    /// database); one broken by a restart or kill is replaced before use, not during it.
    /// </summary>
    private async Task<NpgsqlConnection> AdminAsync(CancellationToken ct)
    {
        if (_admin is not null)
        {
            try
            {
                await ExecuteAsync(_admin, "SELECT 1", ct);
                return _admin;
            }
            catch (Exception exception) when (exception is NpgsqlException or InvalidOperationException)
            {
                await _admin.DisposeAsync();
                _admin = null;
            }
        }

        var admin = new NpgsqlConnection(SuperuserConnectionString);
        try
        {
            await admin.OpenAsync(ct);
        }
        catch
        {
            await admin.DisposeAsync();
            throw;
        }

        return _admin = admin;
    }

    /// <summary>A standby going away stops its primary waiting for it, when it was the synchronous one (best effort).</summary>
    private async Task ReleasePrimaryAsync()
    {
        if (_primary is null || _primary.PostmasterPid() is null)
        {
            return;
        }

        try
        {
            using var limit = Eventually.Within(ShortLimit);
            await using var connection = new NpgsqlConnection(_primary.SuperuserConnectionString);
            await connection.OpenAsync(limit.Token);
            await using var current = new NpgsqlCommand("SHOW synchronous_standby_names", connection);
            if (await current.ExecuteScalarAsync(limit.Token) as string == Name)
            {
                await ExecuteAsync(connection, "ALTER SYSTEM RESET synchronous_standby_names", limit.Token);
                await ExecuteAsync(connection, "SELECT pg_reload_conf()", limit.Token);
            }
        }
        catch (Exception)
        {
            // The primary is down or in trouble: nothing to release.
        }
    }

    private async Task StartOnFreePortAsync(CancellationToken ct)
    {
        // Another program may take the port between its choice here and the server's bind: choose again.
        for (var attempt = 1; ; attempt++)
        {
            Port = FreePort();
            var logLength = LogLength();
            var failure = await TryStartAsync(ct);
            if (failure is null)
            {
                return;
            }

            if (attempt == 3 || !LogSince(logLength).Contains("could not bind", StringComparison.Ordinal))
            {
                throw new XunitException(failure);
            }
        }
    }

    /// <summary>
    /// Starts the server; null when it runs, else a one-line reason with the end of the server's log.
    /// After a crash the server syncs its data folder before recovery: syncfs does that in one call
    /// rather than one fsync per file, hundreds per database (the end-of-recovery checkpoint still
    /// syncs each file written since the last checkpoint).
    /// </summary>
    private async Task<string?> TryStartAsync(CancellationToken ct)
    {
        var options = string.Join(
            ' ',
            $"-p {Port.ToString(CultureInfo.InvariantCulture)}",
            $"-c listen_addresses={IPAddress.Loopback}",
            $"-c unix_socket_directories='{_folder.Path}'",
            $"-c cluster_name={Name}",
            "-c fsync=on",
            "-c max_connections=200",
            "-c wal_level=replica",
            "-c max_wal_senders=5",
            "-c hot_standby=on",
            "-c recovery_init_sync_method=syncfs");
        var (exitCode, _, error) = await RunAsync(
            "pg_ctl", ["start", "-w", "-t", PgCtlSeconds.ToString(CultureInfo.InvariantCulture), "-D", DataDirectory, "-l", LogFile, "-o", options], null, ct);
        return exitCode == 0
            ? null
            : $"PostgreSQL on port {Port} did not start (pg_ctl exit {exitCode}: {OneLine(error)}); server log: {LogTail()}";
    }

    private async Task PgCtlAsync(IReadOnlyList<string> action, string failed, CancellationToken ct)
    {
        var (exitCode, _, error) = await RunAsync(
            "pg_ctl", [.. action, "-w", "-t", PgCtlSeconds.ToString(CultureInfo.InvariantCulture), "-D", DataDirectory], null, ct);
        if (exitCode != 0)
        {
            throw new XunitException($"PostgreSQL on port {Port} {failed} (pg_ctl exit {exitCode}: {OneLine(error)}); server log: {LogTail()}");
        }
    }

    /// <summary>Runs one of the server's programs: as the <c>postgres</c> user when this process is root, which the server refuses.</summary>
    private Task<(int ExitCode, string Output, string Error)> RunAsync(
        string program, IReadOnlyList<string> arguments, IReadOnlyDictionary<string, string>? environment, CancellationToken ct)
    {
        var path = Path.Combine(_binaries, program);
        return Environment.IsPrivilegedProcess
            ? ExternalTool.RunAsync("runuser", "util-linux", ["-u", Superuser, "--", path, .. arguments], _folder.Path, environment, ct)
            : ExternalTool.RunAsync(path, Package, arguments, _folder.Path, environment, ct);
    }

    /// <summary>Under root, hands the folder to the <c>postgres</c> user, who runs the server in it.</summary>
    private async Task GiveToServerUserAsync(CancellationToken ct)
    {
        if (!Environment.IsPrivilegedProcess)
        {
            return;
        }

        var (exitCode, _, error) = await ExternalTool.RunAsync(
            "chown", "coreutils", ["-R", $"{Superuser}:", _folder.Path], cancellationToken: ct);
        if (exitCode != 0)
        {
            throw new XunitException($"chown of the server's folder to '{Superuser}' failed: {OneLine(error)} (is the Debian package '{Package}' installed?)");
        }
    }

    private string LogFile => _folder.File("server.log");

    private long LogLength() => File.Exists(LogFile) ? new FileInfo(LogFile).Length : 0;

    private string LogSince(long offset)
    {
        try
        {
            using var log = new FileStream(LogFile, FileMode.Open, FileAccess.Read, FileShare.ReadWrite);
            log.Seek(Math.Min(offset, log.Length), SeekOrigin.Begin);
            using var reader = new StreamReader(log);
            return reader.ReadToEnd();
        }
        catch (IOException)
        {
            return "";
        }
    }

    /// <summary>The last lines of the server's log, on one line: why it would not start or stop.</summary>
    private string LogTail()
    {
        var lines = LogSince(0).Split('\n', StringSplitOptions.RemoveEmptyEntries | StringSplitOptions.TrimEntries);
        return lines.Length == 0 ? "(empty)" : string.Join(" | ", lines.TakeLast(6));
    }

    private int? PostmasterPid()
    {
        try
        {
            var first = File.ReadLines(Path.Combine(DataDirectory, "postmaster.pid")).FirstOrDefault();
            return int.TryParse(first, NumberStyles.None, CultureInfo.InvariantCulture, out var pid) ? pid : null;
        }
        catch (Exception exception) when (exception is IOException or UnauthorizedAccessException)
        {
            return null;
        }
    }

    [GeneratedRegex("^[a-z_][a-z0-9_]{0,62}$")]
    private static partial Regex Identifier();
}
