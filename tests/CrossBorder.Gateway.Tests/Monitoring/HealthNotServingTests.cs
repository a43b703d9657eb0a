using System.Net;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using System.Text.Json.Nodes;
using CrossBorder.Cli.DevPki;
using CrossBorder.Conformance.Pki;
using CrossBorder.Core.Certificates;
using CrossBorder.Core.Trust;
using CrossBorder.Gateway.Configuration;
using CrossBorder.Gateway.Hosting;
using CrossBorder.Gateway.Tests.Infrastructure;
using CrossBorder.Storage.Sqlite;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using static Grpc.Health.V1.HealthCheckResponse.Types;
using CertificateFiles = CrossBorder.Core.Certificates.CertificateFiles;

namespace CrossBorder.Gateway.Tests.Monitoring;

/// <summary>
/// Each cause of NOT_SERVING from a real gateway, on the gRPC health service of both faces and on
/// <c>/healthz</c> with its reason code: a stale trust list, a store that does not answer, no
/// valid signing certificate. Uses its own federation, because it rewrites files.
/// </summary>
public sealed class HealthNotServingTests : IDisposable
{
    private const int CallRefused = 1301;
    private const int NotServingLogged = 1601;
    private const int ServingLogged = 1602;

    private readonly TempDirectory _directory = new();
    private readonly DevFederationLayout _layout;
    private readonly FakeTimeProvider _time = new(TimeProvider.System.GetUtcNow());
    private readonly LogCapture _log = new();

    public HealthNotServingTests()
    {
        _layout = new DevFederationLayout(_directory.Path);
        new DevFederationBuilder(_layout, TimeProvider.System).Build();
    }

    [Fact]
    public async Task A_stale_trust_list_is_NOT_SERVING_with_TRUST_LIST_STALE_and_a_peers_health_call_is_no_refusal()
    {
        await using var host = await StartAsync(_time);
        Assert.Equal(ServingStatus.Serving, await PeerCheckAsync(host));

        _time.Advance(TimeSpan.FromDays(32));
        host.ReloadFilesNow();

        Assert.Equal(ServingStatus.NotServing, await PeerCheckAsync(host));
        Assert.Equal(ServingStatus.NotServing, await LocalCheckAsync(host));
        await AssertHealthzAsync(host, "TRUST_LIST_STALE");
        Assert.Empty(_log.WithEventId(CallRefused));
        Assert.Contains("TRUST_LIST_STALE", Assert.Single(_log.WithEventId(NotServingLogged)).Message, StringComparison.Ordinal);
        await host.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_store_that_does_not_answer_is_NOT_SERVING_with_UNAVAILABLE_until_it_answers_again()
    {
        var runtime = Load(TimeProvider.System);
        var (store, breaker) = BreakableStore.Wrap(new SqliteMessageStore(runtime.Exchange.DatabasePath, new SqliteStoreOptions()));
        await using var host = GatewayHost.Create(runtime, TimeProvider.System, b => b.AddProvider(_log), store);
        await host.StartAsync(CancellationToken.None);

        breaker.Broken = true;
        Assert.Equal(ServingStatus.NotServing, await PeerCheckAsync(host));
        Assert.Equal(ServingStatus.NotServing, await LocalCheckAsync(host));
        await AssertHealthzAsync(host, "UNAVAILABLE");
        Assert.DoesNotContain(_log.Entries, e => e.Message.Contains("disk is gone", StringComparison.Ordinal));

        breaker.Broken = false;
        Assert.Equal(ServingStatus.Serving, await PeerCheckAsync(host));
        Assert.NotEmpty(_log.WithEventId(ServingLogged));
        await host.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task No_valid_signing_certificate_after_a_key_file_change_is_NOT_SERVING_with_EXPIRED()
    {
        await using var host = await StartAsync(TimeProvider.System);
        Assert.Equal(ServingStatus.Serving, await LocalCheckAsync(host));

        // The signing pair is replaced by one that expired yesterday (an old backup put back):
        // the key ring takes it, and no signing certificate is valid now.
        var participant = _layout.ParticipantDirectory(ParticipantId.Parse("AL/NCP"));
        var country = _layout.CountryDirectory("AL");
        using (var ca = CertificateFiles.LoadCertificateWithKey(Path.Combine(country, "intermediate-ca.crt"), Path.Combine(country, "intermediate-ca.key")))
        using (var caKey = ca.GetECDsaPrivateKey()!)
        using (var key = ECDsa.Create(ECCurve.NamedCurves.nistP256))
        {
            var now = TimeProvider.System.GetUtcNow();
            using var expired = CertificateFactory.Leaf("CN=AL/NCP, O=CrossBorder Dev, C=AL", new PublicKey(key), ca, caKey,
                X509KeyUsageFlags.DigitalSignature | X509KeyUsageFlags.NonRepudiation, [], ["urn:crossborder:participant:AL/NCP"], false, now.AddDays(-60), now.AddDays(-1));
            CertificateFiles.WriteCertificates(Path.Combine(participant, "signing.crt"), expired);
            KeyFiles.WritePrivateKey(Path.Combine(participant, "signing.key"), key);
        }

        host.ReloadFilesNow();

        Assert.Equal(ServingStatus.NotServing, await LocalCheckAsync(host));
        Assert.Equal(ServingStatus.NotServing, await PeerCheckAsync(host));
        await AssertHealthzAsync(host, "EXPIRED");
        await host.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task The_health_command_finds_the_gateway_by_its_address_file_and_prints_its_health()
    {
        // Port 0 in the config: the command reads the address the running gateway wrote.
        var config = _layout.GatewayConfig(ParticipantId.Parse("AL/NCP"));
        var json = JsonNode.Parse(await File.ReadAllTextAsync(config))!;
        json["CrossBorder"]!["Gateway"]!["OpsListen"] = "127.0.0.1:0";
        await File.WriteAllTextAsync(config, json.ToJsonString());

        var before = await CliRunner.RunAsync("gateway", "health", "--config", config);
        Assert.Equal(1, before.ExitCode);
        Assert.StartsWith("rejected: UNAVAILABLE: the gateway has not written the address of its operations face", before.Error, StringComparison.Ordinal);

        var runtime = Load(TimeProvider.System);
        var (store, breaker) = BreakableStore.Wrap(new SqliteMessageStore(runtime.Exchange.DatabasePath, new SqliteStoreOptions()));
        await using (var host = GatewayHost.Create(runtime, TimeProvider.System, b => b.AddProvider(_log), store))
        {
            await host.StartAsync(CancellationToken.None);

            var serving = await CliRunner.RunAsync("gateway", "health", "--config", config);
            Assert.True(serving.ExitCode == 0, serving.ToString());
            Assert.Equal("SERVING\n", serving.Out);

            breaker.Broken = true;
            var notServing = await CliRunner.RunAsync("gateway", "health", "--config", config);
            Assert.Equal(1, notServing.ExitCode);
            Assert.StartsWith("NOT_SERVING\nUNAVAILABLE: the store did not answer a read", notServing.Out, StringComparison.Ordinal);
            Assert.False(notServing.ShowsStackTrace);

            breaker.Broken = false;
            await host.StopAsync(CancellationToken.None);
        }

        var stopped = await CliRunner.RunAsync("gateway", "health", "--config", config);
        Assert.Equal(1, stopped.ExitCode);
        Assert.Matches("^rejected: UNAVAILABLE: the gateway's operations face at https://127\\.0\\.0\\.1:[0-9]+/ did not answer \\(.+\\): is the gateway running\\?", stopped.Error);
    }

    public void Dispose() => _directory.Dispose();

    private GatewayRuntime Load(TimeProvider time)
    {
        using var loggers = LoggerFactory.Create(b => b.AddProvider(_log));
        return GatewayRuntimeLoader.Load(_layout.GatewayConfig(ParticipantId.Parse("AL/NCP")), time, loggers: loggers, adjust: options =>
        {
            options.PeerListen = "127.0.0.1:0";
            options.LocalListen = "127.0.0.1:0";
            options.OpsListen = "127.0.0.1:0";
        });
    }

    private async Task<GatewayHost> StartAsync(TimeProvider time)
    {
        var host = GatewayHost.Create(Load(time), time, b => b.AddProvider(_log));
        await host.StartAsync(CancellationToken.None);
        return host;
    }

    private async Task<ServingStatus> PeerCheckAsync(GatewayHost host)
    {
        var italy = _layout.ParticipantDirectory(ParticipantId.Parse("IT/NCP"));
        using var client = TestCertificates.FromFiles(Path.Combine(italy, "tls.crt"), Path.Combine(italy, "tls.key"), Path.Combine(italy, "chain.pem"));
        return await HealthProbe.CheckAsync(host.PeerAddress, client, host.Runtime.TlsCertificate);
    }

    private async Task<ServingStatus> LocalCheckAsync(GatewayHost host)
    {
        var worker = _layout.ClientDirectory(ParticipantId.Parse("AL/NCP"), "case-worker");
        using var client = TestCertificates.FromFiles(Path.Combine(worker, "client.crt"), Path.Combine(worker, "client.key"));
        return await HealthProbe.CheckAsync(host.LocalAddress, client, host.Runtime.LocalServerCertificate);
    }

    /// <summary><c>/healthz</c> is 503 with NOT_SERVING and exactly the one reason line, which says what to do.</summary>
    private static async Task AssertHealthzAsync(GatewayHost host, string reason)
    {
        var (status, body, _) = await HealthProbe.HealthzAsync(host.OpsAddress, host.Runtime.LocalServerCertificate);
        Assert.Equal(HttpStatusCode.ServiceUnavailable, status);
        var lines = body.TrimEnd('\n').Split('\n');
        Assert.Equal("NOT_SERVING", lines[0]);
        var line = Assert.Single(lines[1..]);
        Assert.StartsWith(reason + ": ", line, StringComparison.Ordinal);
    }
}
