using System.Diagnostics;
using System.Runtime;
using System.Text;
using CrossBorder.Cli.DevPki;
using CrossBorder.Cli.Profiles;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Contracts;
using CrossBorder.Core.Policy;
using CrossBorder.Core.Trust;
using CrossBorder.Testing.Postgres;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Net.Client;

namespace CrossBorder.Benchmarks;

/// <summary>
/// Sealed exchanges end to end between two real gateways in this process (IT/NCP → AL/NCP: the
/// case worker's submit on IT/NCP's local face, minimize, seal, durable outbox, dispatch over
/// mutual TLS, open, inbox commit, signed receipt verified, DELIVERED), beside what the same
/// exchange cannot go below in the same run: its cryptography alone, and a bare gRPC call of the
/// same size over the same mutual TLS.
/// </summary>
internal static partial class ExchangeBench
{
    public const string LegalBasis = "AL-IT/2019/TRM-MoU art. 6";

    /// <summary>Deliveries in flight per gateway: the shipped default is 16; raised to the largest level so that it never caps one.</summary>
    public const int DispatchParallelism = 64;

    /// <summary>
    /// Tiered compilation (with dynamic PGO) goes on recompiling the exchange's code for many
    /// seconds; the e2e warm-up lasts until fewer methods than this are compiled in a second.
    /// </summary>
    private const int JitSettled = 20;

    private const string Full = "FULL";
    private const string Normal = "NORMAL";

    /// <summary>Concurrent submitters (and crypto workers, and echo callers) per level.</summary>
    private static readonly int[] Levels = [8, 32, 64];

    private static readonly TimeSpan WarmUpAtLeast = TimeSpan.FromSeconds(5);
    private static readonly TimeSpan WarmUpAtMost = TimeSpan.FromSeconds(30);

    public static async Task RunAsync(string federationDirectory, PostgresServer postgres, TimeSpan round, Action<string> print)
    {
        var layout = new DevFederationLayout(federationDirectory);
        var data = Directory.CreateDirectory(Path.Combine(federationDirectory, "bench-data")).FullName;
        var payload = PolicyBench.TypicalReturnPlan();
        var (minimized, stamp) = Minimize(payload);
        using var floor = new CryptoFloor(layout, minimized, stamp);
        var envelope = floor.SampleEnvelope();
        var request = new SubmitRequest { Recipient = "AL/NCP", Purpose = Purpose.ReturnCoordination, LegalBasis = LegalBasis, Payload = payload };
        var echoCall = new DeliverRequest { Envelope = ByteString.CopyFrom(envelope) };
        print($"bench exchange: IT/NCP -> AL/NCP, the example RETURN_PLAN for RETURN_COORDINATION (submit {request.CalculateSize():N0} B, sealed envelope {envelope.Length:N0} B); "
            + $"N workers in a closed loop, each starting its next exchange when its last one is done{MachineLoad()}");

        var floorRates = new Dictionary<int, Rate>();
        var echoRates = new Dictionary<int, Rate>();
        var e2e = new Dictionary<int, Rate>();
        Latency latency;
        Rate read;
        Memory memory;
        int peak;
        await using (var echo = await EchoServer.StartAsync(layout).ConfigureAwait(false))
        {
            using var echoChannel = echo.Channel();
            var echoClient = new PeerExchange.PeerExchangeClient(echoChannel);
            var pair = await ExchangePair.StartAsync(layout, data, Full, request).ConfigureAwait(false);
            try
            {
                // Connections, TLS sessions, the SQLite files and the JIT warm up before anything counts.
                var warmUp = await WarmUpAsync(Levels[1], pair.ExchangeAsync).ConfigureAwait(false);
                await Concurrent.RunAsync(Levels[0], async () => await echoClient.DeliverAsync(echoCall).ConfigureAwait(false), TimeSpan.FromMilliseconds(100)).ConfigureAwait(false);
                print($"  (warm-up: {warmUp.Exchanges:N0} exchanges in {warmUp.Elapsed.TotalSeconds:N0} s, until the JIT compiled fewer than {JitSettled} methods in a second)");

                // Per level the three figures one after the other, so that each ratio compares figures measured side by side.
                foreach (var level in Levels)
                {
                    floorRates[level] = await Concurrent.RunCpuAsync(level, floor.Exchange, round).ConfigureAwait(false);
                    print(Line($"crypto floor, {level} workers", floorRates[level], "exchanges/s", "seal + open + receipt sign + verify; no network, no store"));
                    echoRates[level] = await Concurrent.RunAsync(level, async () => await echoClient.DeliverAsync(echoCall).ConfigureAwait(false), round).ConfigureAwait(false);
                    print(Line($"bare gRPC echo, {level} callers", echoRates[level], "calls/s", $"mutual TLS 1.3, HTTP/2, Kestrel, {envelope.Length:N0} B each way"));
                    e2e[level] = await pair.CheckedAsync(() => Concurrent.RunAsync(level, pair.ExchangeAsync, round)).ConfigureAwait(false);
                    print(Line($"e2e {Full}, {level} submitters", e2e[level], "exchanges/s", "submit -> DELIVERED, receipt verified; inbox not read"));
                }

                peak = e2e.MaxBy(r => r.Value.PerSecond).Key;
                latency = await pair.CheckedAsync(() => LatencyAsync(pair.ExchangeAsync, e2e[peak].PerSecond / 2, round * 3)).ConfigureAwait(false);
                print(Line($"e2e {Full} latency p50 at 50% of peak", latency.P50, "ms", $"{latency.Count:N0} exchanges started every {1000 / latency.Rate:N2} ms; submit call start -> DELIVERED"));
                print(Line($"e2e {Full} latency p99 at 50% of peak", latency.P99, "ms", $"max {latency.Max:N1} ms"));
                memory = Memory.Now();

                // The peak level again with AL/NCP's case worker reading and acknowledging every message
                // as it arrives, on a fresh AL/NCP store so that nothing unread from before waits there.
                await pair.RestartReceiverAsync(Path.Combine(data, "al-full-read")).ConfigureAwait(false);
                using (var alChannel = LocalClient(layout, "AL/NCP"))
                using (var stopReading = new CancellationTokenSource())
                {
                    var reader = ReadInboxAsync(new LocalExchange.LocalExchangeClient(alChannel), stopReading.Token);
                    await pair.SettleAsync(peak).ConfigureAwait(false);
                    read = await pair.CheckedAsync(() => Concurrent.RunAsync(peak, pair.ExchangeAsync, round)).ConfigureAwait(false);
                    await stopReading.CancelAsync().ConfigureAwait(false);
                    var readMessages = await reader.ConfigureAwait(false);
                    print(Line($"e2e {Full}, {peak} submitters, inbox read", read, "exchanges/s", $"AL/NCP's case worker reads + acks each batch in the background ({readMessages.Messages:N0} read in {readMessages.Batches:N0} batches)"));
                }

                memory = Memory.Max(memory, Memory.Now());
            }
            finally
            {
                await pair.DisposeAsync().ConfigureAwait(false);
            }
        }

        Rate normal;
        Latency normalLatency;
        await using (var pair = await ExchangePair.StartAsync(layout, data, Normal, request).ConfigureAwait(false))
        {
            await Concurrent.RunAsync(Levels[1], pair.ExchangeAsync, TimeSpan.FromMilliseconds(300)).ConfigureAwait(false);
            normal = await pair.CheckedAsync(() => Concurrent.RunAsync(peak, pair.ExchangeAsync, round)).ConfigureAwait(false);
            print(Line($"e2e {Normal}, {peak} submitters", normal, "exchanges/s", "DatabaseSynchronous NORMAL on both gateways; inbox not read"));
            normalLatency = await pair.CheckedAsync(() => LatencyAsync(pair.ExchangeAsync, latency.Rate, round * 3)).ConfigureAwait(false);
            print(Line($"e2e {Normal} latency p50 at the same pace", normalLatency.P50, "ms", $"{normalLatency.Count:N0} exchanges started every {1000 / normalLatency.Rate:N2} ms, as for {Full}"));
            print(Line($"e2e {Normal} latency p99 at the same pace", normalLatency.P99, "ms", $"max {normalLatency.Max:N1} ms"));
            memory = Memory.Max(memory, Memory.Now());
        }

        print(Line("memory at end of load: working set", memory.WorkingSetMb, "MB", $"peak {memory.PeakWorkingSetMb:N0} MB; one process: both gateways, their clients and the load"));
        print(Line("memory at end of load: GC heap", memory.GcHeapMb, "MB", $"committed {memory.GcCommittedMb:N0} MB"));

        var top = e2e[peak];
        var ofFloor = top.PerSecond / floorRates[peak].PerSecond;
        print($"bench exchange: ratios at the e2e peak, {peak} submitters (SQLite {Full}, DispatchParallelism {DispatchParallelism}, inbox not read), each against figures measured beside it:");
        print(Ratio("e2e / crypto floor", $"{ofFloor:P0}", $"(target >= 50%): {Verdict(ofFloor >= 0.5)}"));
        print(Ratio("e2e / bare gRPC echo", $"{top.PerSecond / echoRates[peak].PerSecond:P0}", ""));
        var readOfFloor = read.PerSecond / floorRates[peak].PerSecond;
        print(Ratio("e2e with inbox read / crypto floor", $"{readOfFloor:P0}", $"(target >= 40%): {Verdict(readOfFloor >= 0.4)}"));
        print(Ratio("e2e NORMAL / e2e FULL", $"{normal.PerSecond / top.PerSecond:0.00}x", ""));
        print(Ratio("CPU per exchange, e2e / crypto floor", $"{top.CpuMs / floorRates[peak].CpuMs:0.0}x", $"(cores busy: e2e {top.CpuBusy:P0}, crypto floor {floorRates[peak].CpuBusy:P0})"));
        print(Ratio("latency p99 at 50% of peak", $"{latency.P99:N1} ms", $"(target < 50 ms): {Verdict(latency.P99 < 50)}"));
        print(Ratio("peak working set, whole process", $"{memory.PeakWorkingSetMb:N0} MB", $"(target < 300 MB per gateway; both gateways are in it): {Verdict(memory.PeakWorkingSetMb < 300)}"));

        // After every figure above, so that the PostgreSQL server and the replicas change none of them.
        await RunPostgresAsync(layout, data, request, postgres, floor, peak, top, floorRates[peak], round, print).ConfigureAwait(false);
    }

    /// <summary>
    /// `read` alone: the crypto floor, the exchange without and with the inbox read at one level,
    /// three times over, each ratio from figures measured side by side (a quick look at the read path).
    /// </summary>
    public static async Task RunReadAsync(string federationDirectory, TimeSpan round, Action<string> print)
    {
        const int Level = 32;
        var layout = new DevFederationLayout(federationDirectory);
        var data = Directory.CreateDirectory(Path.Combine(federationDirectory, "bench-data")).FullName;
        var payload = PolicyBench.TypicalReturnPlan();
        var (minimized, stamp) = Minimize(payload);
        using var floor = new CryptoFloor(layout, minimized, stamp);
        var request = new SubmitRequest { Recipient = "AL/NCP", Purpose = Purpose.ReturnCoordination, LegalBasis = LegalBasis, Payload = payload };
        print($"bench read: IT/NCP -> AL/NCP, {Level} submitters{MachineLoad()}");
        await using var pair = await ExchangePair.StartAsync(layout, data, Full, request).ConfigureAwait(false);
        var warmUp = await WarmUpAsync(Level, pair.ExchangeAsync).ConfigureAwait(false);
        print($"  (warm-up: {warmUp.Exchanges:N0} exchanges in {warmUp.Elapsed.TotalSeconds:N0} s)");
        for (var i = 0; i < 3; i++)
        {
            var floorRate = await Concurrent.RunCpuAsync(Level, floor.Exchange, round).ConfigureAwait(false);
            print(Line("crypto floor", floorRate, "exchanges/s", ""));
            await pair.RestartReceiverAsync(Path.Combine(data, $"al-read-{i}-unread")).ConfigureAwait(false);
            await pair.SettleAsync(Level).ConfigureAwait(false);
            var unread = await pair.CheckedAsync(() => Concurrent.RunAsync(Level, pair.ExchangeAsync, round)).ConfigureAwait(false);
            print(Line("e2e, inbox not read", unread, "exchanges/s", ""));
            await pair.RestartReceiverAsync(Path.Combine(data, $"al-read-{i}")).ConfigureAwait(false);
            Rate read;
            (long Messages, long Batches) readMessages;
            using (var alChannel = LocalClient(layout, "AL/NCP"))
            using (var stopReading = new CancellationTokenSource())
            {
                var reader = ReadInboxAsync(new LocalExchange.LocalExchangeClient(alChannel), stopReading.Token);
                await pair.SettleAsync(Level).ConfigureAwait(false);
                read = await pair.CheckedAsync(() => Concurrent.RunAsync(Level, pair.ExchangeAsync, round)).ConfigureAwait(false);
                await stopReading.CancelAsync().ConfigureAwait(false);
                readMessages = await reader.ConfigureAwait(false);
            }

            print(Line("e2e, inbox read", read, "exchanges/s", $"{readMessages.Messages:N0} read in {readMessages.Batches:N0} batches"));
            print(Ratio("e2e / floor; with read / floor", $"{unread.PerSecond / floorRate.PerSecond:P0}; {read.PerSecond / floorRate.PerSecond:P0}", $"read costs {read.CpuMs - unread.CpuMs:N2} CPU ms/op more"));
        }
    }

    private static string Line(string name, double value, string unit, string note) => $"  {name,-44} {value,12:N1} {unit,-12} {note}";

    private static string Line(string name, Rate rate, string unit, string note) =>
        $"  {name,-44} {rate.PerSecond,12:N1} {unit,-12} {rate.CpuMs,5:N2} CPU ms/op {rate.BytesAllocated,8:N0} B/op {rate.CpuBusy,4:P0} busy  {note}";

    private static string Ratio(string name, string value, string note) => $"  {name,-44} {value,12} {note}".TrimEnd();

    private static string Verdict(bool met) => met ? "target met" : "target missed";

    public static DateTime Deadline() => TimeProvider.System.GetUtcNow().AddSeconds(30).UtcDateTime;

    /// <summary>The one-minute load average where the system tells it: other work on the machine shows in every figure.</summary>
    private static string MachineLoad()
    {
        const string LoadAverage = "/proc/loadavg";
        return File.Exists(LoadAverage) && File.ReadAllText(LoadAverage).Split(' ') is [var load, ..]
            ? $"; machine load average {load} at the start"
            : "";
    }

    /// <summary>A case worker's channel to a participant's local face: the profile's address, or <paramref name="gateway"/> (one replica of several).</summary>
    public static GrpcChannel LocalClient(DevFederationLayout layout, string participant, Uri? gateway = null)
    {
        var profile = LocalChannel.ReadProfile(layout.ClientProfile(ParticipantId.Parse(participant), "case-worker"));
        if (gateway is not null)
        {
            profile.Gateway = gateway.ToString();
        }

        return LocalChannel.Create(profile, TimeProvider.System, SchemaInfo.DefaultMaxEnvelopeBytes);
    }

    /// <summary>The payload as IT/NCP's gateway minimizes it for AL/NCP, and the policy stamp it seals with.</summary>
    private static (CasePayload Payload, PolicyStamp Stamp) Minimize(CasePayload payload)
    {
        HashSet<ParticipantRole> ncp = [ParticipantRole.Ncp, ParticipantRole.ChildProtection, ParticipantRole.Coordinator];
        var context = new PolicyContext(MessageType.ReturnPlan, ParticipantId.Parse("IT/NCP"), ncp, ParticipantId.Parse("AL/NCP"), ncp, Purpose.ReturnCoordination, TimeProvider.System.GetUtcNow());
        var keys = new DerivedPseudonymKeySource(Encoding.UTF8.GetBytes("bench pseudonymization secret, 32 bytes or more"), "k1");
        return PolicyLoader.LoadDefault().Evaluate(payload, context, keys) is PolicyAllowed allowed
            ? (allowed.Payload, allowed.Stamp)
            : throw new InvalidOperationException("the bench payload must be allowed by the default policy");
    }

    /// <summary>Exchanges with <paramref name="workers"/> workers until the JIT has settled (within bounds): how many and how long.</summary>
    private static async Task<(long Exchanges, TimeSpan Elapsed)> WarmUpAsync(int workers, Func<Task<long>> exchange)
    {
        long exchanges = 0;
        using var stop = new CancellationTokenSource();
        var running = Enumerable.Range(0, workers).Select(_ => Task.Run(
            async () =>
            {
                while (!stop.IsCancellationRequested)
                {
                    await exchange().ConfigureAwait(false);
                    Interlocked.Increment(ref exchanges);
                }
            },
            CancellationToken.None)).ToArray();
        var begin = Stopwatch.GetTimestamp();
        try
        {
            var compiled = JitInfo.GetCompiledMethodCount();
            while (Stopwatch.GetElapsedTime(begin) < WarmUpAtMost)
            {
                await Task.Delay(TimeSpan.FromSeconds(1), TimeProvider.System).ConfigureAwait(false);
                var now = JitInfo.GetCompiledMethodCount();
                if (now - compiled < JitSettled && Stopwatch.GetElapsedTime(begin) >= WarmUpAtLeast)
                {
                    break;
                }

                compiled = now;
            }
        }
        finally
        {
            await stop.CancelAsync().ConfigureAwait(false);
            await Task.WhenAll(running).ConfigureAwait(false);
        }

        return (Interlocked.Read(ref exchanges), Stopwatch.GetElapsedTime(begin));
    }

    /// <summary>
    /// Open loop on a fixed schedule: exchange i starts at i / <paramref name="rate"/> seconds
    /// whatever the earlier ones do; each one's time from its submit call to DELIVERED.
    /// </summary>
    private static async Task<Latency> LatencyAsync(Func<Task<long>> exchange, double rate, TimeSpan duration)
    {
        var total = (int)Math.Max(1, rate * duration.TotalSeconds);
        var interval = 1 / rate;
        var running = new List<Task<long>>(total);
        var begin = Stopwatch.GetTimestamp();
        while (running.Count < total)
        {
            var due = Math.Min(total, (int)(Stopwatch.GetElapsedTime(begin).TotalSeconds / interval) + 1);
            while (running.Count < due)
            {
                running.Add(Task.Run(exchange));
            }

            await Task.Delay(TimeSpan.FromMilliseconds(1), TimeProvider.System).ConfigureAwait(false);
        }

        var elapsed = await Task.WhenAll(running).ConfigureAwait(false);
        var ms = elapsed.Select(ticks => ticks * 1000.0 / Stopwatch.Frequency).Order().ToArray();
        return new Latency(Percentile(ms, 0.50), Percentile(ms, 0.99), ms[^1], ms.Length, rate);
    }

    private static double Percentile(double[] sorted, double p) => sorted[Math.Min(sorted.Length - 1, (int)Math.Ceiling(p * sorted.Length) - 1)];

    /// <summary>AL/NCP's case worker: reads the inbox as messages arrive and acknowledges each batch; how many it read, in how many batches.</summary>
    private static async Task<(long Messages, long Batches)> ReadInboxAsync(LocalExchange.LocalExchangeClient reader, CancellationToken stop)
    {
        long read = 0;
        long batches = 0;
        while (!stop.IsCancellationRequested)
        {
            InboxResponse answer;
            try
            {
                answer = await reader.InboxAsync(new InboxRequest { WaitSeconds = 1, MaxMessages = 100 }, deadline: Deadline(), cancellationToken: stop).ConfigureAwait(false);
            }
            catch (RpcException) when (stop.IsCancellationRequested)
            {
                break;
            }

            if (answer.Messages.Count > 0)
            {
                var acknowledge = new AcknowledgeBatchRequest();
                acknowledge.Messages.AddRange(answer.Messages.Select(m => new AcknowledgeRequest { MessageId = m.MessageId, Sender = m.Sender }));
                await reader.AcknowledgeBatchAsync(acknowledge, deadline: Deadline(), cancellationToken: CancellationToken.None).ConfigureAwait(false);
            }

            read += answer.Messages.Count;
            batches += answer.Messages.Count > 0 ? 1 : 0;
        }

        return (read, batches);
    }

    private sealed record Latency(double P50, double P99, double Max, int Count, double Rate);

    private sealed record Memory(double WorkingSetMb, double PeakWorkingSetMb, double GcHeapMb, double GcCommittedMb)
    {
        private const double Mb = 1024 * 1024;

        public static Memory Now()
        {
            using var process = Process.GetCurrentProcess();
            return new Memory(
                Environment.WorkingSet / Mb,
                process.PeakWorkingSet64 / Mb,
                GC.GetTotalMemory(forceFullCollection: false) / Mb,
                GC.GetGCMemoryInfo().TotalCommittedBytes / Mb);
        }

        public static Memory Max(Memory a, Memory b) => new(
            Math.Max(a.WorkingSetMb, b.WorkingSetMb),
            Math.Max(a.PeakWorkingSetMb, b.PeakWorkingSetMb),
            Math.Max(a.GcHeapMb, b.GcHeapMb),
            Math.Max(a.GcCommittedMb, b.GcCommittedMb));
    }
}
