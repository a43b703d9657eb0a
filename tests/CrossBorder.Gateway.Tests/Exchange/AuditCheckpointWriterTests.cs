using System.Diagnostics.Metrics;
using System.Security.Cryptography.X509Certificates;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.KeyRings;
using CrossBorder.Core.Policy;
using CrossBorder.Core.Storage;
using CrossBorder.Core.Telemetry;
using CrossBorder.Gateway.Configuration;
using CrossBorder.Gateway.Exchange;
using CrossBorder.Storage.Sqlite;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Logging.Abstractions;
using Microsoft.Extensions.Time.Testing;

namespace CrossBorder.Gateway.Tests.Exchange;

/// <summary>
/// The checkpoint writer signs the chain's head every N entries or T minutes, whichever comes
/// first, only when the head moved, and once more when asked at the stop; it verifies the trail and
/// publishes the outcome as the <c>crossborder.audit.*</c> gauges. Time is a fake clock; the store is a real file.
/// </summary>
public sealed class AuditCheckpointWriterTests : IAsyncLifetime, IDisposable
{
    private static readonly DateTimeOffset T0 = new(2026, 11, 28, 12, 0, 0, TimeSpan.Zero);
    private static readonly TimeSpan Settle = TimeSpan.FromMilliseconds(300);

    private readonly FakeTimeProvider _time = new(T0);
    private readonly TempDirectory _folder = new();
    private readonly X509Certificate2 _signing = Certificate("signing");
    private readonly X509Certificate2 _encryption = Certificate("encryption");
    private readonly ServiceProvider _meters = new ServiceCollection().AddMetrics().BuildServiceProvider();
    private SqliteMessageStore _store = null!;
    private KeyRingProvider _keys = null!;
    private GatewayMetrics _metrics = null!;

    public async Task InitializeAsync()
    {
        _store = await SqliteMessageStore.OpenAsync(_folder.File("gateway.db"), null, CancellationToken.None);
        _keys = new KeyRingProvider(new FixedSource(new KeyRingSet(new KeyRing([_signing], []), new KeyRing([_encryption], []))), NullLogger<KeyRingProvider>.Instance);
        _metrics = new GatewayMetrics(_meters.GetRequiredService<IMeterFactory>());
    }

    public async Task DisposeAsync()
    {
        await _store.DisposeAsync();
        await _meters.DisposeAsync();
    }

    public void Dispose()
    {
        _keys.Dispose();
        _signing.Dispose();
        _encryption.Dispose();
        _folder.Dispose();
    }

    [Fact]
    public async Task A_checkpoint_is_written_once_N_entries_were_added_and_not_before()
    {
        using var writer = Writer(entries: 5, minutes: 15);
        await StartAsync(writer);

        await AddEntriesAsync(5);
        _time.Advance(AuditCheckpointWriter.PollAtMost);
        Assert.True(await CheckpointAtAsync(5), "no checkpoint at entry 5");

        await AddEntriesAsync(4);
        _time.Advance(AuditCheckpointWriter.PollAtMost);
        await Task.Delay(Settle, TimeProvider.System, CancellationToken.None);
        var sequences = await SequencesAsync();
        Assert.Equal([5L], sequences);

        await AddEntriesAsync(1);
        _time.Advance(AuditCheckpointWriter.PollAtMost);
        Assert.True(await CheckpointAtAsync(10), "no checkpoint at entry 10");

        var checkpoints = await _store.CheckpointsAsync(10, CancellationToken.None);
        Assert.All(checkpoints, c => Assert.Null(AuditCheckpoints.Problem(c, [_signing])));
        Assert.Equal(10, writer.LastCheckpoint?.Sequence);
        await writer.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task A_checkpoint_is_written_after_T_minutes_when_the_head_moved_and_not_when_it_did_not()
    {
        using var writer = Writer(entries: 1000, minutes: 15);
        await StartAsync(writer);

        await AddEntriesAsync(2);
        _time.Advance(AuditCheckpointWriter.PollAtMost);
        await Task.Delay(Settle, TimeProvider.System, CancellationToken.None);
        Assert.Empty(await SequencesAsync());

        _time.Advance(TimeSpan.FromMinutes(15));
        Assert.True(await CheckpointAtAsync(2), "no checkpoint at entry 2 after 15 minutes");
        Assert.Equal(T0.AddMinutes(15).AddSeconds(5), (await _store.CheckpointsAsync(1, CancellationToken.None))[0].At);

        _time.Advance(TimeSpan.FromMinutes(16));
        await Task.Delay(Settle, TimeProvider.System, CancellationToken.None);
        var sequences = await SequencesAsync();
        Assert.Equal([2L], sequences);
        await writer.StopAsync(CancellationToken.None);
    }

    [Fact]
    public async Task At_the_stop_the_head_is_signed_once_and_a_new_writer_continues_from_the_last_checkpoint()
    {
        using (var writer = Writer(entries: 1000, minutes: 15))
        {
            await StartAsync(writer);
            await AddEntriesAsync(3);
            await writer.StopAsync(CancellationToken.None);

            Assert.Equal(3, (await writer.CheckpointNowAsync(CancellationToken.None))?.Sequence);
            Assert.Null(await writer.CheckpointNowAsync(CancellationToken.None));
        }

        using var next = Writer(entries: 1000, minutes: 15);
        Assert.Null(await next.CheckpointNowAsync(CancellationToken.None));
        await AddEntriesAsync(1);
        Assert.Equal(4, (await next.CheckpointNowAsync(CancellationToken.None))?.Sequence);
        var sequences = await SequencesAsync();
        Assert.Equal([4L, 3L], sequences);
    }

    [Fact]
    public async Task The_gauges_show_an_intact_chain_and_the_checkpoint_age_then_a_cut_tail_as_broken()
    {
        using var writer = Writer(entries: 1000, minutes: 15);
        await AddEntriesAsync(6);
        await writer.CheckpointNowAsync(CancellationToken.None);
        await writer.VerifyNowAsync(CancellationToken.None);
        _time.Advance(TimeSpan.FromSeconds(90));

        Assert.Equal(1, Gauge("crossborder.audit.chain_intact"));
        Assert.Equal(90, Gauge("crossborder.audit.last_checkpoint_age"));

        using (var connection = new Microsoft.Data.Sqlite.SqliteConnection($"Data Source={_folder.File("gateway.db")};Pooling=False"))
        {
            connection.Open();
            using var command = connection.CreateCommand();
            command.CommandText = "DROP TRIGGER audit_no_delete; DELETE FROM audit WHERE seq > 4;";
            command.ExecuteNonQuery();
        }

        var verification = await writer.VerifyNowAsync(CancellationToken.None);

        Assert.Equal(AuditIntegrity.Truncated, verification.Kind);
        Assert.Equal(5, verification.FirstBroken);
        Assert.Same(verification, writer.Status?.Verification);
        Assert.Equal(0, Gauge("crossborder.audit.chain_intact"));
    }

    private AuditCheckpointWriter Writer(int entries, double minutes)
    {
        var options = new GatewayOptions { AuditCheckpointEntries = entries, AuditCheckpointMinutes = minutes };
        var exchange = ExchangeSettings.From(options, _folder.Path, new DerivedPseudonymKeySource(new byte[32], "k1"), null);
        return new AuditCheckpointWriter(_store, _store, _keys, () => _keys.Rings.Signing.Certificates, exchange, _metrics, _time, NullLogger<AuditCheckpointWriter>.Instance);
    }

    /// <summary>Starts the service and waits for its first pass, so that its timer runs on the fake clock.</summary>
    private static async Task StartAsync(AuditCheckpointWriter writer)
    {
        await writer.StartAsync(CancellationToken.None);
        Assert.True(await Eventually.UntilAsync(() => Task.FromResult(writer.Status is not null), TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(10)));
    }

    private async Task AddEntriesAsync(int count)
    {
        for (var i = 0; i < count; i++)
        {
            await _store.RecordInboundRejectionAsync("MK/NCP", Guid.NewGuid().ToString("N"), new byte[32], ReasonCode.Untrusted, _time.GetUtcNow(), CancellationToken.None);
        }
    }

    private async Task<long[]> SequencesAsync() => [.. (await _store.CheckpointsAsync(100, CancellationToken.None)).Select(c => c.Sequence)];

    private Task<bool> CheckpointAtAsync(long sequence) =>
        Eventually.UntilAsync(async () => (await SequencesAsync()).Contains(sequence), TimeSpan.FromSeconds(10), TimeSpan.FromMilliseconds(10));

    private static double Gauge(string name)
    {
        double? value = null;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == GatewayMetrics.MeterName && instrument.Name == name)
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<int>((_, measurement, _, _) => value = measurement);
        listener.SetMeasurementEventCallback<double>((_, measurement, _, _) => value = measurement);
        listener.Start();
        listener.RecordObservableInstruments();
        return value ?? throw new InvalidOperationException($"{name} reported nothing");
    }

    private static X509Certificate2 Certificate(string name) =>
        TestCertificateBuilder.For($"CN={name}").EcKey().Valid(T0.AddDays(-1), T0.AddYears(1)).Build().TakeCertificate();

    private sealed class FixedSource(KeyRingSet rings) : IKeySource
    {
        public string Version() => "1";

        public KeyRingSet Load() => rings;
    }
}
