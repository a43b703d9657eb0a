using CrossBorder.Cli.DevPki;
using CrossBorder.Conformance.Pki;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Trust;
using CrossBorder.Gateway.Configuration;
using CrossBorder.Gateway.Hosting;
using CrossBorder.Gateway.Peers;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using Microsoft.Extensions.Logging;
using Microsoft.Extensions.Time.Testing;
using CertificateFiles = CrossBorder.Core.Certificates.CertificateFiles;

namespace CrossBorder.Gateway.Tests.Trust;

/// <summary>
/// A running gateway and its trust list over time: a stale list stops exchange with
/// TRUST_LIST_STALE and an alarm, a fresh list dropped in place resumes it, a rollback is refused.
/// Uses its own federation, because it rewrites the trust list file.
/// </summary>
public sealed class TrustListLifecycleTests : IDisposable
{
    private const int Accepted = 2001;
    private const int Refused = 2002;
    private const int StaleAlarm = 2004;
    private const int Resumed = 2005;

    private readonly TempDirectory _directory = new();
    private readonly DevFederationLayout _layout;
    private readonly FakeTimeProvider _time = new(TimeProvider.System.GetUtcNow());

    public TrustListLifecycleTests()
    {
        _layout = new DevFederationLayout(_directory.Path);
        new DevFederationBuilder(_layout, TimeProvider.System).Build();
    }

    [Fact]
    public async Task A_stale_trust_list_stops_exchange_with_an_alarm_and_a_fresh_list_resumes_it()
    {
        var log = new LogCapture();
        using var loggers = LoggerFactory.Create(b => b.AddProvider(log));
        var runtime = GatewayRuntimeLoader.Load(_layout.GatewayConfig(ParticipantId.Parse("AL/NCP")), _time, adjust: Ports, loggers: loggers);
        await using var host = GatewayHost.Create(runtime, _time, b => b.AddProvider(log));
        await host.StartAsync(CancellationToken.None);
        var caller = GatewayRuntimeLoader.Load(_layout.GatewayConfig(ParticipantId.Parse("IT/NCP")), TimeProvider.System, probePorts: false);

        Assert.True((await PingAsync(caller, host)).Succeeded);

        _time.Advance(TimeSpan.FromDays(32));
        host.ReloadFilesNow();
        var suspended = await PingAsync(caller, host);

        Assert.False(suspended.Succeeded);
        Assert.Equal(ReasonCode.TrustListStale, suspended.Reason);
        Assert.Single(log.WithEventId(StaleAlarm));

        await File.WriteAllBytesAsync(_layout.TrustList, SignList(sequence: 2));
        host.ReloadFilesNow();
        var resumed = await PingAsync(caller, host);

        Assert.True(resumed.Succeeded);
        Assert.Equal(2UL, runtime.Trust.Sequence);
        Assert.NotEmpty(log.WithEventId(Accepted));
        Assert.Single(log.WithEventId(Resumed));
        await host.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_rolled_back_list_dropped_in_place_is_refused_and_the_gateway_keeps_serving_the_last_good_one()
    {
        var log = new LogCapture();
        using var loggers = LoggerFactory.Create(b => b.AddProvider(log));
        await File.WriteAllBytesAsync(_layout.TrustList, SignList(sequence: 5));
        var runtime = GatewayRuntimeLoader.Load(_layout.GatewayConfig(ParticipantId.Parse("AL/NCP")), _time, adjust: Ports, loggers: loggers);
        await using var host = GatewayHost.Create(runtime, _time, b => b.AddProvider(log));
        await host.StartAsync(CancellationToken.None);
        var caller = GatewayRuntimeLoader.Load(_layout.GatewayConfig(ParticipantId.Parse("IT/NCP")), TimeProvider.System, probePorts: false);

        File.SetLastWriteTimeUtc(_layout.TrustList, DateTime.UnixEpoch); // make sure the reloader sees a change
        await File.WriteAllBytesAsync(_layout.TrustList, SignList(sequence: 4));
        host.ReloadFilesNow();

        Assert.Equal(5UL, runtime.Trust.Sequence);
        Assert.Contains("ROLLBACK", Assert.Single(log.WithEventId(Refused)).Message, StringComparison.Ordinal);
        Assert.True((await PingAsync(caller, host)).Succeeded);
        await host.StopAsync(CancellationToken.None);

        // A restart does not reopen the rollback: the file now holds sequence 4.
        var restart = Assert.Throws<GatewayConfigurationException>(() =>
            GatewayRuntimeLoader.Load(_layout.GatewayConfig(ParticipantId.Parse("AL/NCP")), _time, adjust: Ports));
        Assert.Contains(restart.Problems, p => p.Contains("ROLLBACK", StringComparison.Ordinal));
    }

    [Fact]
    public async Task When_embedded_crls_go_stale_crls_fetched_from_the_trust_lists_locations_keep_peers_verifiable()
    {
        var log = new LogCapture();
        using var loggers = LoggerFactory.Create(b => b.AddProvider(log));
        var locations = new Dictionary<string, string>();
        var list = TrustListCodec.Inspect(File.ReadAllBytes(_layout.TrustList)).Document.Clone();
        foreach (var country in list.Countries)
        {
            locations[country.Code] = Path.Combine(_directory.Path, $"{country.Code}-fresh.crl");
            country.CrlLocations.Add(new Uri(locations[country.Code]).AbsoluteUri);
        }

        list.Sequence = 2;
        list.NextUpdate = Timestamp.FromDateTimeOffset(_time.GetUtcNow().AddDays(90));
        using (var signer = CertificateFiles.LoadCertificateWithKey(_layout.OperatorCertificate, _layout.OperatorKey))
        {
            await File.WriteAllBytesAsync(_layout.TrustList, TrustListCodec.Sign(list, signer, TimeProvider.System));
        }

        var runtime = GatewayRuntimeLoader.Load(_layout.GatewayConfig(ParticipantId.Parse("AL/NCP")), _time, adjust: Ports, loggers: loggers);
        await using var host = GatewayHost.Create(runtime, _time, b => b.AddProvider(log));
        await host.StartAsync(CancellationToken.None);
        var caller = GatewayRuntimeLoader.Load(_layout.GatewayConfig(ParticipantId.Parse("IT/NCP")), TimeProvider.System, probePorts: false);

        _time.Advance(TimeSpan.FromDays(31)); // the embedded CRLs (30 days) are stale, the list (90 days) is not
        Assert.False((await PingAsync(caller, host)).Succeeded);

        // The IT participant CA publishes a fresh CRL where the trust list says; the gateway fetches it.
        var itDirectory = _layout.CountryDirectory("IT");
        using (var issuer = CertificateFiles.LoadCertificateWithKey(Path.Combine(itDirectory, "intermediate-ca.crt"), Path.Combine(itDirectory, "intermediate-ca.key")))
        {
            await File.WriteAllBytesAsync(locations["IT"], CertificateFactory.EmptyCrl(issuer, _time.GetUtcNow().AddMinutes(-1), _time.GetUtcNow().AddDays(7)));
        }

        using (var root = CertificateFiles.LoadCertificateWithKey(Path.Combine(itDirectory, "root-ca.crt"), Path.Combine(itDirectory, "root-ca.key")))
        {
            await File.WriteAllBytesAsync(Path.Combine(_directory.Path, "IT-root-fresh.crl"), CertificateFactory.EmptyCrl(root, _time.GetUtcNow().AddMinutes(-1), _time.GetUtcNow().AddDays(7)));
        }

        runtime.FetchedCrls.TryAdd("IT", await File.ReadAllBytesAsync(Path.Combine(_directory.Path, "IT-root-fresh.crl")));
        await host.TickNowAsync(CancellationToken.None);

        var fetched = await PingAsync(caller, host);
        Assert.True(fetched.Succeeded, log.Dump());
        Assert.Single(log.WithEventId(1006));
        Assert.Equal(2, new CrlStore(Path.Combine(Path.GetDirectoryName(_layout.GatewayConfig(ParticipantId.Parse("AL/NCP")))!, "data", "crls"), () => runtime.Trust, _time, TimeSpan.FromMinutes(5)).Count);
        await host.StopAsync(CancellationToken.None);
    }

    public void Dispose() => _directory.Dispose();

    private static void Ports(GatewayOptions options)
    {
        options.PeerListen = "127.0.0.1:0";
        options.LocalListen = "127.0.0.1:0";
        options.OpsListen = "127.0.0.1:0";
    }

    private static Task<PingOutcome> PingAsync(GatewayRuntime caller, GatewayHost host) =>
        PeerPinger.PingAsync(caller, ParticipantId.Parse("AL/NCP"), host.PeerAddress, TimeProvider.System, TimeSpan.FromSeconds(10), CancellationToken.None);

    private byte[] SignList(ulong sequence)
    {
        var current = TrustListCodec.Inspect(File.ReadAllBytes(_layout.TrustList)).Document.Clone();
        current.Sequence = sequence;
        current.IssuedAt = Timestamp.FromDateTimeOffset(_time.GetUtcNow());
        current.NextUpdate = Timestamp.FromDateTimeOffset(_time.GetUtcNow().AddDays(30));
        foreach (var country in current.Countries)
        {
            // Fresh CRLs too: revocation data goes stale with the list it came in.
            country.Crls.Clear();
            foreach (var ca in new[] { "root-ca", "intermediate-ca" })
            {
                var directory = _layout.CountryDirectory(country.Code);
                using var issuer = CertificateFiles.LoadCertificateWithKey(Path.Combine(directory, ca + ".crt"), Path.Combine(directory, ca + ".key"));
                country.Crls.Add(ByteString.CopyFrom(CertificateFactory.EmptyCrl(issuer, _time.GetUtcNow().AddMinutes(-1), _time.GetUtcNow().AddDays(30))));
            }
        }

        var @operator = CertificateFiles.LoadCertificateWithKey(_layout.OperatorCertificate, _layout.OperatorKey);
        return TrustListCodec.Sign(current, @operator, TimeProvider.System);
    }
}
