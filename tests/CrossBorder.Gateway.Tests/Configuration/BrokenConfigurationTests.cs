using System.Net;
using System.Net.Sockets;
using CrossBorder.Core.Certificates;
using CrossBorder.Gateway.Configuration;
using CrossBorder.Gateway.Tests.Infrastructure;
using CertificateFiles = CrossBorder.Core.Certificates.CertificateFiles;

namespace CrossBorder.Gateway.Tests.Configuration;

/// <summary>
/// A config with many mistakes is refused with every mistake listed at once (STYLE.md rule 1),
/// by the loader and by <c>gateway run</c>.
/// </summary>
[Collection(SharedFederation.Name)]
public sealed class BrokenConfigurationTests(FederationFixture federation)
{
    [Fact]
    public void Loader_lists_every_problem_of_a_broken_config_at_once()
    {
        using var directory = new TempDirectory();
        using var blocker = PortBlocker();
        var config = BrokenConfig(directory, Port(blocker));

        var refused = Assert.Throws<GatewayConfigurationException>(() => GatewayRuntimeLoader.Load(config, TimeProvider.System));

        AssertEveryDefectReported(refused.Problems, Port(blocker));
        Assert.All(refused.Problems, p => Assert.Contains(p, refused.Message, StringComparison.Ordinal));
    }

    [Fact]
    public void Exchange_settings_out_of_range_are_listed_together()
    {
        using var directory = new TempDirectory();

        var refused = Assert.Throws<GatewayConfigurationException>(() => GatewayRuntimeLoader.Load(federation.ConfigPath("AL/NCP"), TimeProvider.System, probePorts: false, adjust: o =>
        {
            o.DataDirectory = directory.File("data");
            o.MessageLifetimeHours = 0;
            o.DispatchParallelism = 0;
            o.DatabaseSynchronous = "OFF";
            o.RevokedLocalClients = ["not-a-fingerprint"];
            o.LegalBases = [""];
            o.Telemetry.OtlpEndpoint = "ftp://collector";
        }));

        Assert.Contains(refused.Problems, p => p.StartsWith("gateway.json: MessageLifetimeHours", StringComparison.Ordinal));
        Assert.Contains(refused.Problems, p => p.StartsWith("gateway.json: DispatchParallelism", StringComparison.Ordinal));
        Assert.Contains(refused.Problems, p => p.StartsWith("gateway.json: DatabaseSynchronous", StringComparison.Ordinal));
        Assert.Contains(refused.Problems, p => p.StartsWith("gateway.json: RevokedLocalClients", StringComparison.Ordinal));
        Assert.Contains(refused.Problems, p => p.StartsWith("gateway.json: LegalBases", StringComparison.Ordinal));
        Assert.Contains(refused.Problems, p => p.StartsWith("gateway.json: Telemetry.OtlpEndpoint", StringComparison.Ordinal));
    }

    [Fact]
    public void Flood_limits_out_of_range_are_listed_together()
    {
        using var directory = new TempDirectory();

        var refused = Assert.Throws<GatewayConfigurationException>(() => GatewayRuntimeLoader.Load(federation.ConfigPath("AL/NCP"), TimeProvider.System, probePorts: false, adjust: o =>
        {
            o.DataDirectory = directory.File("data");
            o.Limits.PeerConcurrentDeliveries = 0;
            o.Limits.PeerRefusalBudget = -1;
            o.Limits.RefusalWindowSeconds = double.NaN;
            o.Limits.MaxConnections = 0;
            o.Limits.MaxStreamsPerConnection = 0;
            o.Limits.MaxHandshakeBytes = 1024;
            o.Limits.MinDataRateBytesPerSecond = 0;
            o.DispatchParallelism = 0;
        }));

        foreach (var setting in new[] { "PeerConcurrentDeliveries", "PeerRefusalBudget", "RefusalWindowSeconds", "MaxConnections", "MaxStreamsPerConnection", "MaxHandshakeBytes", "MinDataRateBytesPerSecond" })
        {
            Assert.Contains(refused.Problems, p => p.StartsWith($"gateway.json: Limits.{setting} must be", StringComparison.Ordinal));
        }

        Assert.Contains(refused.Problems, p => p.StartsWith("gateway.json: DispatchParallelism", StringComparison.Ordinal));
    }

    [Fact]
    public async Task Gateway_run_exits_2_and_prints_every_problem_without_a_stack_trace()
    {
        using var directory = new TempDirectory();
        using var blocker = PortBlocker();
        var config = BrokenConfig(directory, Port(blocker));

        var result = await CliRunner.RunAsync("gateway", "run", "--config", config);

        Assert.True(result.ExitCode == 2, result.ToString());
        var printed = result.Error.Split('\n').Select(line => line.TrimEnd('\r')).Where(line => line.StartsWith(" - ", StringComparison.Ordinal)).ToList();
        AssertEveryDefectReported(printed, Port(blocker));
        Assert.False(result.ShowsStackTrace, result.ToString());
        Assert.DoesNotContain("ready", result.Out, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("raw bytes")]
    [InlineData("PEM with a bad PKCS#8 body")]
    [InlineData("PEM certificate instead of a key")]
    public void Loader_reports_an_unreadable_key_file_as_one_problem_among_the_others(string kind)
    {
        using var directory = new TempDirectory();
        var options = GatewayConfigs.ReadAbsolute(federation.ConfigPath("AL/NCP"));
        options.Participant = "albania-ncp";
        options.PeerListen = "127.0.0.1:0";
        options.LocalListen = "127.0.0.1:0";
        options.OpsListen = "127.0.0.1:0";
        options.Signing.Key = directory.File("unreadable.key");
        File.WriteAllText(options.Signing.Key, kind switch
        {
            "raw bytes" => "this is not a key",
            "PEM with a bad PKCS#8 body" => "-----BEGIN PRIVATE KEY-----\nAAAA\n-----END PRIVATE KEY-----\n",
            _ => File.ReadAllText(options.Signing.Certificate),
        });
        var config = GatewayConfigs.Write(directory.Path, options);

        var refused = Record.Exception(() => GatewayRuntimeLoader.Load(config, TimeProvider.System));

        var problems = Assert.IsType<GatewayConfigurationException>(refused).Problems;
        Assert.Contains(problems, p => p.Contains("Signing: signing.crt with unreadable.key", StringComparison.Ordinal));
        Assert.Contains(problems, p => p.Contains("Participant 'albania-ncp'", StringComparison.Ordinal));
    }

    /// <summary>
    /// AL/NCP's config with six defects: a bad participant id, a peer port in use, a missing
    /// key file, signing and TLS keys swapped, an expired local server certificate and an
    /// unknown message type in a local role.
    /// </summary>
    private string BrokenConfig(TempDirectory directory, int portInUse)
    {
        var options = GatewayConfigs.ReadAbsolute(federation.ConfigPath("AL/NCP"));
        options.Participant = "albania-ncp";
        options.PeerListen = $"127.0.0.1:{portInUse}";
        options.LocalListen = "127.0.0.1:0";
        options.OpsListen = "127.0.0.1:0";
        options.Encryption.Key = directory.File("missing-encryption.key");
        (options.Signing.Key, options.Tls.Key) = (options.Tls.Key, options.Signing.Key);
        options.LocalRoles[0].MaySubmit.Add("NOT_A_MESSAGE_TYPE");

        var now = TimeProvider.System.GetUtcNow();
        using var expired = TestCertificates.LocalServer(
            federation.ParticipantFile("AL/NCP", "local", "ca.crt"), federation.ParticipantFile("AL/NCP", "local", "ca.key"),
            now.AddDays(-60), now.AddDays(-1), out var key);
        using (key)
        {
            options.LocalServer.Certificate = directory.File("expired-server.crt");
            options.LocalServer.Key = directory.File("expired-server.key");
            CertificateFiles.WriteCertificates(options.LocalServer.Certificate, expired);
            KeyFiles.WritePrivateKey(options.LocalServer.Key, key);
        }

        return GatewayConfigs.Write(directory.Path, options);
    }

    private static void AssertEveryDefectReported(IReadOnlyList<string> problems, int portInUse)
    {
        var all = string.Join(Environment.NewLine, problems);
        void Reported(string what, Func<string, bool> match) =>
            Assert.True(problems.Any(match), $"no problem about {what} among:{Environment.NewLine}{all}");

        Reported("the participant id", p => p.Contains("Participant 'albania-ncp'", StringComparison.Ordinal));
        Reported("the port in use", p => p.Contains($"PeerListen 127.0.0.1:{portInUse}", StringComparison.Ordinal)
            && p.Contains("cannot listen", StringComparison.Ordinal));
        Reported("the missing key file", p => p.Contains("Encryption.Key", StringComparison.Ordinal)
            && p.Contains("missing-encryption.key does not exist", StringComparison.Ordinal));
        Reported("the signing key that is not the signing certificate's", p => p.Contains("Signing: signing.crt with tls.key", StringComparison.Ordinal)
            && p.Contains("does not belong", StringComparison.Ordinal));
        Reported("the TLS key that is not the TLS certificate's", p => p.Contains("Tls: tls.crt with signing.key", StringComparison.Ordinal)
            && p.Contains("does not belong", StringComparison.Ordinal));
        Reported("the expired certificate", p => p.Contains("LocalServer.Certificate", StringComparison.Ordinal)
            && p.Contains("expired", StringComparison.Ordinal));
        Reported("the unknown message type", p => p.Contains("unknown message type 'NOT_A_MESSAGE_TYPE'", StringComparison.Ordinal));
    }

    /// <summary>A listening socket on a free loopback port, so that the port is in use while the test runs.</summary>
    private static Socket PortBlocker()
    {
        var socket = new Socket(AddressFamily.InterNetwork, SocketType.Stream, ProtocolType.Tcp);
        socket.Bind(new IPEndPoint(IPAddress.Loopback, 0));
        socket.Listen();
        return socket;
    }

    private static int Port(Socket socket) => ((IPEndPoint)socket.LocalEndPoint!).Port;
}
