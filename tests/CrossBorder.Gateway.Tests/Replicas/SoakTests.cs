using System.Globalization;
using System.Text;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Delivery.States;
using CrossBorder.Core.Storage;
using CrossBorder.Storage.Postgres;
using CrossBorder.Testing.Postgres;
using Xunit.Abstractions;
using static CrossBorder.Gateway.Testing.Exchanges;

namespace CrossBorder.Gateway.Tests.Replicas;

/// <summary>
/// The soak: IT/NCP and AL/NCP each as two replica processes on their own PostgreSQL database,
/// the trust list naming both replicas of each, mixed traffic both ways through either replica's
/// local face, and every ~25 s one replica restarted (SIGKILL or SIGTERM, the sides taking turns)
/// while its sibling serves; the sibling runs the whole soak, so that its working set is measured
/// over a long life. At the end every accepted message was read by the
/// recipient's application exactly once and both audit chains verify; meanwhile connections never
/// exceeded the replicas' pools, working sets stayed under a ceiling and each database grew by a
/// bounded amount per message. <c>CROSSBORDER_SOAK_SECONDS</c> sets the traffic's duration (120 in
/// the normal suite; <c>make soak</c> runs 1800); the figures go to the test output and to
/// artifacts/soak/report.md.
/// </summary>
[Collection(ReplicaFaults.Name)]
public sealed class SoakTests(ITestOutputHelper output) : IAsyncLifetime, IDisposable
{
    private const int LanesPerDirection = 2;

    /// <summary>Each replica's pool (Postgres.MaxConnections): small, so that a leak would reach it within the run.</summary>
    private const int MaxConnectionsPerReplica = 16;

    /// <summary>A generous ceiling on a replica's resident set: an idle one holds about a third of it.</summary>
    private const long WorkingSetCeiling = 700L * 1024 * 1024;

    private static readonly TimeSpan RestartEvery = TimeSpan.FromSeconds(25);
    private static readonly TimeSpan SampleEvery = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan DrainLimit = TimeSpan.FromSeconds(90);

    private readonly ExchangeFederation _federation = new();
    private readonly TempDirectory _data = new();
    private readonly List<SoakReplica> _replicas = [];
    private PostgresServer _postgres = null!;

    public async Task InitializeAsync() => _postgres = await PostgresServer.StartAsync();

    public async Task DisposeAsync() => await _postgres.DisposeAsync();

    public void Dispose()
    {
        foreach (var replica in _replicas)
        {
            replica.Dispose();
        }

        _federation.Dispose();
        _data.Dispose();
    }

    [Fact]
    public async Task Mixed_traffic_with_replica_restarts_loses_nothing_duplicates_nothing_and_stays_bounded()
    {
        var duration = TimeSpan.FromSeconds(SoakDuration.Seconds(Environment.GetEnvironmentVariable(SoakDuration.Variable)));
        var databases = new Dictionary<string, string>
        {
            ["IT/NCP"] = await _postgres.CreateDatabaseAsync("soak_it"),
            ["AL/NCP"] = await _postgres.CreateDatabaseAsync("soak_al"),
        };
        var ports = ReplicaProcess.FreeTriple();
        while (Math.Abs(ports - _federation.BasePort) < 100)
        {
            ports = ReplicaProcess.FreeTriple();
        }

        var italy = Pair("IT/NCP", "it", databases["IT/NCP"], ports + 10);
        var albania = Pair("AL/NCP", "al", databases["AL/NCP"], ports + 20);
        _federation.SetEndpoints("IT/NCP", italy[0].PeerAddress, italy[1].PeerAddress);
        _federation.SetEndpoints("AL/NCP", albania[0].PeerAddress, albania[1].PeerAddress);
        var setup = TimeProvider.System.GetTimestamp();
        foreach (var replica in _replicas)
        {
            // One after the other: four processes starting at once on a busy machine each take as long as all four.
            await replica.StartAsync();
        }

        var setupSeconds = TimeProvider.System.GetElapsedTime(setup).TotalSeconds;

        var toAlbania = new SoakTraffic("it-al", italy, "AL/NCP", albania,
            [(Purpose.TransnationalReferral, Example("case-referral")), (Purpose.RiskAssessment, Example("return-risk-assessment")), (Purpose.ReturnCoordination, Example("return-plan"))]);
        var toItaly = new SoakTraffic("al-it", albania, "IT/NCP", italy,
            [(Purpose.ReceptionAssistance, PlanAccepted()), (Purpose.TransnationalReferral, ConsentedTo(Example("case-referral"), "IT/NCP")), (Purpose.RiskAssessment, ConsentedTo(Example("return-risk-assessment"), "IT/NCP"))]);
        var traffic = new[] { toAlbania, toItaly };

        await using var sampler = await SoakSampler.OpenAsync(_postgres.SuperuserConnectionString, _replicas, databases);
        await sampler.SampleAsync(0);
        var clock = TimeProvider.System.GetTimestamp();
        double Elapsed() => TimeProvider.System.GetElapsedTime(clock).TotalSeconds;

        using var stopSending = new CancellationTokenSource();
        using var stopReading = new CancellationTokenSource();
        var readers = traffic.Select(t => t.ReadAsync(stopReading.Token)).ToList();
        var senders = traffic.Select(t => t.SendAsync(LanesPerDirection, stopSending.Token)).ToList();
        var restarts = new List<string>();
        var restarting = RestartAsync(italy, albania, restarts, Elapsed, stopSending.Token);
        var running = readers.Concat(senders).Append(restarting).ToList();

        while (Elapsed() < duration.TotalSeconds)
        {
            await Eventually.PauseAsync(SampleEvery);
            await sampler.SampleAsync(Elapsed());
            if (running.FirstOrDefault(t => t.IsFaulted) is { } failed)
            {
                await stopSending.CancelAsync();
                await stopReading.CancelAsync();
                await failed;
            }
        }

        // Traffic stops; the restart under way ends; the applications read until each accepted message is acknowledged.
        await stopSending.CancelAsync();
        await Task.WhenAll(senders.Append(restarting));
        var trafficSeconds = Elapsed();
        Assert.True(_replicas.All(r => r.IsUp), "a replica was left down after the restarts");
        var draining = TimeProvider.System.GetTimestamp();
        var drained = await Eventually.UntilAsync(() => traffic.All(t => t.AllRead) || readers.Any(r => r.IsFaulted), DrainLimit, TimeSpan.FromMilliseconds(200));
        await stopReading.CancelAsync();
        await Task.WhenAll(readers);
        var drainSeconds = TimeProvider.System.GetElapsedTime(draining).TotalSeconds;
        Assert.True(drained, $"not every accepted message was read within {DrainLimit}: " + string.Join("; ", traffic.Select(t => $"{t.Name} {t.Acknowledged.Count} of {t.Accepted.Count}")));

        // Nothing more waits in any inbox, through either replica.
        foreach (var (direction, recipients) in new[] { (toAlbania, albania), (toItaly, italy) })
        {
            foreach (var replica in recipients)
            {
                Assert.Empty(await direction.InboxAsync(replica.Client, waitSeconds: 1));
            }
        }

        await sampler.SampleAsync(Elapsed());

        // Both audit chains, each written by two replicas and their restarts, verify; every message sent is DELIVERED with its receipt.
        var stored = new Dictionary<string, double>();
        var audits = new Dictionary<string, AuditVerification>();
        var delivered = new Dictionary<string, bool>();
        foreach (var (participant, database) in databases)
        {
            await using var store = await PostgresMessageStore.OpenAsync(new PostgresStoreOptions { ConnectionString = database, Replica = "check" }, CancellationToken.None);
            var sent = traffic.Single(t => t.Sender == participant).Accepted.Count;
            delivered[participant] = await Eventually.UntilAsync(
                async () => (await store.OutboxCountsAsync(CancellationToken.None))[OutboxState.Delivered] == sent, TimeSpan.FromSeconds(30), TimeSpan.FromMilliseconds(200));
            audits[participant] = await store.VerifyAuditAsync(CancellationToken.None);
            stored[participant] = await sampler.StoredBytesPerMessageAsync(participant);
        }

        var report = Report(duration, (setupSeconds, trafficSeconds, drainSeconds), traffic, restarts, sampler, databases.Keys, stored);
        output.WriteLine(report);
        var folder = Path.Combine(RepositoryRoot.Path, "artifacts", "soak");
        Directory.CreateDirectory(folder);
        await File.WriteAllTextAsync(Path.Combine(folder, "report.md"), report);

        // 0 lost, 0 duplicated: the ids the inboxes answered are exactly the ids accepted, each answered once.
        foreach (var direction in traffic)
        {
            Assert.True(direction.Accepted.Count > 0, $"{direction.Name}: nothing was accepted");
            var accepted = direction.Accepted.Values.ToHashSet(StringComparer.Ordinal);
            Assert.Equal(accepted.Count, direction.Accepted.Count);
            Assert.Empty(accepted.Except(direction.Offered.Keys, StringComparer.Ordinal));
            Assert.Empty(direction.Offered.Keys.Except(accepted, StringComparer.Ordinal));
            Assert.Empty(direction.Offered.Where(o => o.Value != 1).Select(o => $"{o.Key} x{o.Value}"));
        }

        foreach (var (participant, audit) in audits)
        {
            Assert.True(audit.IsIntact, $"{participant}: {audit.Describe()}");
            Assert.True(audit.Entries > 0, $"{participant}: an empty audit chain");
            Assert.True(delivered[participant], $"{participant}: not every message it sent was recorded DELIVERED");
        }

        Assert.True(restarts.Count >= (int)(duration / RestartEvery) - 1, $"only {restarts.Count} restarts in {duration}");
        AssertBounded(sampler, traffic, databases.Keys, stored);

        // Every replica still stops cleanly at the end.
        await Task.WhenAll(_replicas.Select(r => r.StopAsync(kill: false)));
    }

    private SoakReplica[] Pair(string participant, string prefix, string database, int secondPorts)
    {
        var settings = new Dictionary<string, string>
        {
            ["CrossBorder__Gateway__Postgres__MaxConnections"] = MaxConnectionsPerReplica.ToString(CultureInfo.InvariantCulture),
        };
        SoakReplica[] pair =
        [
            new(_federation, participant, prefix + "-a", database, _data, ownPorts: null, settings),
            new(_federation, participant, prefix + "-b", database, _data, secondPorts, settings),
        ];
        _replicas.AddRange(pair);
        return pair;
    }

    /// <summary>A reception confirmation saying the plan is accepted (no arrival yet), as AL/NCP answers a referral.</summary>
    private static CasePayload PlanAccepted()
    {
        var payload = Example("reception-confirmation");
        payload.ReceptionConfirmation.Status = ReceptionStatus.PlanAccepted;
        payload.ReceptionConfirmation.ArrivedAt = "";
        return payload;
    }

    /// <summary>The example with its consent given for <paramref name="recipient"/> (the examples' consent names AL/NCP).</summary>
    private static CasePayload ConsentedTo(CasePayload payload, string recipient)
    {
        var consent = payload.BodyCase switch
        {
            CasePayload.BodyOneofCase.CaseReferral => payload.CaseReferral.Consent,
            CasePayload.BodyOneofCase.ReturnRiskAssessment => payload.ReturnRiskAssessment.Consent,
            _ => throw new ArgumentException("an example without a consent record", nameof(payload)),
        };
        consent.Recipients.Clear();
        consent.Recipients.Add(recipient);
        return payload;
    }

    /// <summary>
    /// Every <see cref="RestartEvery"/> from the start the first replica of a side is restarted: the
    /// sides take turns, and the signal alternates so that each side sees both a crash (SIGKILL) and
    /// an operator's stop (SIGTERM) within four restarts. The second replicas live through the run.
    /// </summary>
    private static Task RestartAsync(SoakReplica[] italy, SoakReplica[] albania, List<string> restarts, Func<double> elapsed, CancellationToken stop) => Task.Run(async () =>
    {
        for (var i = 0; ; i++)
        {
            try
            {
                // On a fixed cadence from the start, however long the last restart took.
                var wait = ((i + 1) * RestartEvery.TotalSeconds) - elapsed();
                await Eventually.PauseAsync(TimeSpan.FromSeconds(Math.Max(0, wait)), stop);
            }
            catch (OperationCanceledException)
            {
                return;
            }

            var replica = (i % 2 == 0 ? italy : albania)[0];
            var kill = (i / 2) % 2 == i % 2;
            var at = elapsed();
            await replica.StopAsync(kill);
            await replica.StartAsync();
            lock (restarts)
            {
                restarts.Add(string.Create(CultureInfo.InvariantCulture, $"{at:0}s {replica.Name} {(kill ? "SIGKILL" : "SIGTERM")}, serving again after {elapsed() - at:0.0}s"));
            }
        }
    }, CancellationToken.None);

    /// <summary>
    /// The bounds, none of them a timing: connections within the pools, working sets under the
    /// ceiling, and each database's growth per message it holds within what the rows need.
    /// </summary>
    private static void AssertBounded(SoakSampler sampler, SoakTraffic[] traffic, IEnumerable<string> participants, Dictionary<string, double> stored)
    {
        foreach (var participant in participants)
        {
            Assert.InRange(sampler.Connections[participant].Max, 1, 2 * MaxConnectionsPerReplica);
            var bound = BytesPerMessageCeiling(stored[participant]);
            var perMessage = sampler.GrowthPerMessage(participant, traffic);
            Assert.True(perMessage <= bound, string.Create(CultureInfo.InvariantCulture,
                $"{participant}'s database grew {perMessage:0} bytes per message, above the bound of {bound:0} (stored envelope and receipt {stored[participant]:0})"));
        }

        foreach (var series in sampler.WorkingSets.Values)
        {
            Assert.True(series.Max * 1024 * 1024 < WorkingSetCeiling, $"{series.Name} reached {series.Max:0} MiB");
        }
    }

    /// <summary>
    /// What a message may cost its database: its envelope and receipt (<paramref name="storedBytes"/>,
    /// measured in the rows) up to three times over (the row versions that its state changes leave
    /// until autovacuum reclaims them, and the TOAST copy), plus 8 KiB for its about five audit entries,
    /// the index entries of the three tables, and the partly filled pages of a run this size.
    /// </summary>
    private static double BytesPerMessageCeiling(double storedBytes) => (3 * storedBytes) + 8192;

    private static string Report(
        TimeSpan duration, (double Setup, double Traffic, double Drain) seconds, SoakTraffic[] traffic, List<string> restarts, SoakSampler sampler, IEnumerable<string> participants, Dictionary<string, double> stored)
    {
        var text = new StringBuilder();
        var warm = duration.TotalSeconds / 2;
        text.AppendLine(CultureInfo.InvariantCulture, $"# Soak report").AppendLine();
        text.AppendLine(CultureInfo.InvariantCulture, $"Duration: {duration.TotalSeconds:0} s of traffic (measured {seconds.Traffic:0} s; the four replicas started in {seconds.Setup:0} s, the inboxes drained in {seconds.Drain:0.0} s after the traffic stopped), sampled every {SampleEvery.TotalSeconds:0} s; slopes are least-squares over the second half (from {warm:0} s).").AppendLine();
        text.AppendLine("| Direction | Accepted | Read once | Lost | Duplicated | Failovers (replica down) | Unanswered in time | Refused UNAVAILABLE |");
        text.AppendLine("|---|---|---|---|---|---|---|---|");
        foreach (var t in traffic)
        {
            var accepted = t.Accepted.Values.ToHashSet(StringComparer.Ordinal);
            var once = t.Offered.Count(o => o.Value == 1 && accepted.Contains(o.Key));
            var lost = accepted.Count(id => !t.Offered.ContainsKey(id));
            var duplicated = t.Offered.Count(o => o.Value > 1);
            text.AppendLine(CultureInfo.InvariantCulture, $"| {t.Name} | {t.Accepted.Count} | {once} | {lost} | {duplicated} | {t.TransportFailures} | {t.Unanswered} | {t.RefusedUnavailable} |");
        }

        text.AppendLine().AppendLine(CultureInfo.InvariantCulture, $"Restarts ({restarts.Count}):").AppendLine();
        foreach (var restart in restarts)
        {
            text.AppendLine("- " + restart);
        }

        text.AppendLine().AppendLine("| Series | Unit | Start | End | Max | Slope per minute |").AppendLine("|---|---|---|---|---|---|");
        foreach (var series in sampler.All)
        {
            text.AppendLine(series.Row(warm));
        }

        text.AppendLine();
        foreach (var participant in participants)
        {
            text.AppendLine(CultureInfo.InvariantCulture,
                $"- {participant} database: {sampler.GrowthPerMessage(participant, traffic):0} bytes of growth per message it holds (bound {BytesPerMessageCeiling(stored[participant]):0}: 3 x {stored[participant]:0} stored envelope and receipt + 8192); connections at most {sampler.Connections[participant].Max:0} of {2 * MaxConnectionsPerReplica}.");
        }

        text.AppendLine(CultureInfo.InvariantCulture, $"- Working set ceiling per replica: {WorkingSetCeiling / (1024 * 1024)} MiB.");
        return text.ToString();
    }
}
