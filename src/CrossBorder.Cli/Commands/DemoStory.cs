using System.Runtime.InteropServices;
using CrossBorder.Cli.DevPki;
using CrossBorder.Cli.Profiles;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Contracts;
using CrossBorder.Core.Delivery;
using CrossBorder.Core.Delivery.States;
using CrossBorder.Core.Errors;
using CrossBorder.Core.Trust;
using CrossBorder.Gateway.Configuration;
using CrossBorder.Gateway.Ops;
using Grpc.Core;
using Grpc.Net.Client;

namespace CrossBorder.Cli.Commands;

/// <summary>
/// The demo's story, played by local clients against three real gateway processes: Italy asks
/// Albania's consular service to confirm an identity (the policy strips the victim status on
/// the way) and gets the answer; Italy refers the case to Albania's NCP, which accepts; one
/// submission is refused by policy; Albania's gateway goes down, Italy sends the risk assessment
/// and the return plan meanwhile, Albania's gateway comes back and they arrive; Albania reports
/// the arrival; the person withdraws consent, Italy sends a withdrawal notice about the risk
/// assessment and Albania's gateway applies it. Delivered counts what the recipients'
/// applications read and acknowledged; receipts verified counts what the senders' gateways report
/// DELIVERED (a verified signed receipt).
/// </summary>
internal sealed class DemoStory : IAsyncDisposable
{
    private static readonly string LegalBasis = DevFederationSpec.LegalBases[0];
    private static readonly ParticipantId AlNcp = ParticipantId.Parse("AL/NCP");
    private static readonly ParticipantId AlConsular = ParticipantId.Parse("AL/CONSULAR");
    private static readonly ParticipantId ItNcp = ParticipantId.Parse("IT/NCP");
    private static readonly TimeSpan ReadyTimeout = TimeSpan.FromSeconds(60);

    private readonly CliContext _context;
    private readonly DevFederationLayout _layout;
    private readonly string _runDirectory;
    private readonly Dictionary<ParticipantId, GatewayProcess> _gateways = [];
    private readonly List<GrpcChannel> _channels = [];
    private readonly long _started;

    private readonly List<(string Id, LocalExchange.LocalExchangeClient Sender)> _sent = [];
    private readonly Dictionary<string, int> _readCounts = new(StringComparer.Ordinal);
    private readonly Dictionary<string, string> _conversations = new(StringComparer.Ordinal);
    private int _submitted;
    private int _refused;
    private int _failures;

    public DemoStory(CliContext context, DevFederationLayout layout)
    {
        _context = context;
        _layout = layout;
        _runDirectory = Path.Combine(layout.Root, "demo-run");
        _started = context.Time.GetTimestamp();
    }

    public async Task<int> PlayAsync(CancellationToken cancellationToken)
    {
        if (Directory.Exists(_runDirectory))
        {
            Directory.Delete(_runDirectory, recursive: true);
        }

        Directory.CreateDirectory(_runDirectory);
        await SayAsync($"fresh SQLite stores, logs and traces in {_runDirectory}").ConfigureAwait(false);
        await Task.WhenAll(new[] { AlNcp, AlConsular, ItNcp }.Select(id => StartAsync(id, cancellationToken))).ConfigureAwait(false);

        var itCaseWorker = Client(ItNcp, "case-worker");
        var consularOfficer = Client(AlConsular, "consular-officer");
        var alCaseWorker = Client(AlNcp, "case-worker");

        // 1. Identity confirmation with Albania's consular service.
        await ChapterAsync("IT/NCP asks AL/CONSULAR to confirm the identity of a presumed victim").ConfigureAwait(false);
        var request = await SendAsync(itCaseWorker, "IT/NCP case-worker", AlConsular, Purpose.IdentityVerification, Example("identity-confirmation-request"), "", cancellationToken).ConfigureAwait(false);
        var asked = await ReadAsync(consularOfficer, "AL/CONSULAR consular-officer", 1, cancellationToken).ConfigureAwait(false);
        if (asked.FirstOrDefault() is { } question)
        {
            var category = question.Payload.IdentityConfirmationRequest?.DataSubjectCategory ?? DataSubjectCategory.Unspecified;
            await SayAsync($"  the consular officer sees no victim status (data_subject_category {ProtoEnumNames<DataSubjectCategory>.Name(category)})").ConfigureAwait(false);
            await SendAsync(consularOfficer, "AL/CONSULAR consular-officer", ItNcp, Purpose.IdentityVerification, Example("identity-confirmation-response"), question.MessageId, cancellationToken).ConfigureAwait(false);
        }

        await ReadAsync(itCaseWorker, "IT/NCP case-worker", 1, cancellationToken).ConfigureAwait(false);

        // 2. A submission the policy refuses.
        await ChapterAsync("IT/NCP tries to ask about a person under international protection").ConfigureAwait(false);
        var protectedPerson = Example("identity-confirmation-request");
        protectedPerson.IdentityConfirmationRequest.InternationalProtection = true;
        await SendAsync(itCaseWorker, "IT/NCP case-worker", AlConsular, Purpose.IdentityVerification, protectedPerson, "", cancellationToken).ConfigureAwait(false);

        // 3. Referral, accepted.
        await ChapterAsync("IT/NCP refers the case to AL/NCP; AL/NCP accepts").ConfigureAwait(false);
        var referral = await SendAsync(itCaseWorker, "IT/NCP case-worker", AlNcp, Purpose.TransnationalReferral, Example("case-referral"), request ?? "", cancellationToken).ConfigureAwait(false);
        await ReadAsync(alCaseWorker, "AL/NCP case-worker", 1, cancellationToken).ConfigureAwait(false);
        var accepted = Example("reception-confirmation");
        accepted.ReceptionConfirmation.Status = ReceptionStatus.PlanAccepted;
        accepted.ReceptionConfirmation.ArrivedAt = "";
        await SendAsync(alCaseWorker, "AL/NCP case-worker", ItNcp, Purpose.ReceptionAssistance, accepted, referral ?? "", cancellationToken).ConfigureAwait(false);
        await ReadAsync(itCaseWorker, "IT/NCP case-worker", 1, cancellationToken).ConfigureAwait(false);

        // 4. Albania's gateway goes down; Italy keeps sending.
        await ChapterAsync("AL/NCP's gateway stops; IT/NCP sends the joint risk assessment and the return plan meanwhile").ConfigureAwait(false);
        await StopAsync(AlNcp).ConfigureAwait(false);
        var assessment = await SendAsync(itCaseWorker, "IT/NCP case-worker", AlNcp, Purpose.RiskAssessment, Example("return-risk-assessment"), referral ?? "", cancellationToken).ConfigureAwait(false);
        var plan = await SendAsync(itCaseWorker, "IT/NCP case-worker", AlNcp, Purpose.ReturnCoordination, Example("return-plan"), referral ?? "", cancellationToken).ConfigureAwait(false);
        await Task.Delay(TimeSpan.FromSeconds(3), _context.Time, cancellationToken).ConfigureAwait(false);
        foreach (var id in new[] { assessment, plan }.OfType<string>())
        {
            var status = await itCaseWorker.StatusAsync(new StatusRequest { MessageId = id }, deadline: Deadline(10), cancellationToken: cancellationToken).ConfigureAwait(false);
            var retries = status.Events.Count(e => e.State == StateNames.Name(OutboxState.RetryWait));
            await SayAsync($"  {Short(id)} is {status.CurrentState} after {retries} failed attempt(s) (AL/NCP unreachable)").ConfigureAwait(false);
        }

        await ChapterAsync("AL/NCP's gateway is back; what was sent meanwhile arrives").ConfigureAwait(false);
        await StartAsync(AlNcp, cancellationToken).ConfigureAwait(false);
        await ReadAsync(alCaseWorker, "AL/NCP case-worker", 2, cancellationToken).ConfigureAwait(false);

        // 5. Arrival.
        await ChapterAsync("The person travels; AL/NCP reports the arrival").ConfigureAwait(false);
        await SendAsync(alCaseWorker, "AL/NCP case-worker", ItNcp, Purpose.ReceptionAssistance, Example("reception-confirmation"), plan ?? "", cancellationToken).ConfigureAwait(false);
        await ReadAsync(itCaseWorker, "IT/NCP case-worker", 1, cancellationToken).ConfigureAwait(false);

        // 6. Consent withdrawn: the notice acts on Albania's gateway.
        await ChapterAsync("The person withdraws consent; IT/NCP sends a withdrawal notice about the risk assessment, AL/NCP's gateway applies it").ConfigureAwait(false);
        await WithdrawAsync(itCaseWorker, alCaseWorker, assessment, cancellationToken).ConfigureAwait(false);

        return await SummarizeAsync(cancellationToken).ConfigureAwait(false);
    }

    /// <summary>
    /// Starts the three gateways again on the story's stores and leaves them up until Ctrl-C or
    /// SIGTERM, printing each console's address and a one-time sign-in code, so that a newcomer
    /// can look at a live federation that has just exchanged.
    /// </summary>
    public async Task KeepRunningAsync(CancellationToken cancellationToken)
    {
        using var stop = CancellationTokenSource.CreateLinkedTokenSource(cancellationToken);
        using var term = PosixSignalRegistration.Create(PosixSignal.SIGTERM, signal => { signal.Cancel = true; stop.Cancel(); });
        using var interrupt = PosixSignalRegistration.Create(PosixSignal.SIGINT, signal => { signal.Cancel = true; stop.Cancel(); });
        await ChapterAsync("The gateways stay up: look at them").ConfigureAwait(false);
        var ids = _gateways.Keys.ToList();
        await Task.WhenAll(ids.Select(id => StartAsync(id, cancellationToken))).ConfigureAwait(false);
        var loginMinutes = new OpsOptions().LoginMinutes;
        foreach (var id in ids)
        {
            var data = Path.Combine(_runDirectory, id.Slug);
            var ops = OpsSettings.FolderIn(data);
            var address = File.ReadAllText(OpsSettings.AddressFileIn(ops)).Trim();
            var code = new OpsLogins(ops, _context.Time).Create(TimeSpan.FromMinutes(loginMinutes));
            await _context.Out.WriteLineAsync($"console {id}: {address}/login  one-time code {code}").ConfigureAwait(false);
            await _context.Out.WriteLineAsync($"  another code: CrossBorder__Gateway__DataDirectory={data} crossborder ops login --config {_layout.GatewayConfig(id)}").ConfigureAwait(false);
        }

        await _context.Out.WriteLineAsync($"a code works once, within {loginMinutes:0} minutes").ConfigureAwait(false);
        await _context.Out.WriteLineAsync("the browser warns about the certificate: it is issued by the participant's local dev CA (local/ca.crt); Ctrl-C stops the gateways").ConfigureAwait(false);
        await _context.Out.FlushAsync(CancellationToken.None).ConfigureAwait(false);
        try
        {
            await Task.Delay(Timeout.InfiniteTimeSpan, _context.Time, stop.Token).ConfigureAwait(false);
        }
        catch (OperationCanceledException)
        {
            // Ctrl-C or SIGTERM: stop the gateways in order below.
        }

        foreach (var id in ids)
        {
            await StopAsync(id).ConfigureAwait(false);
        }
    }

    public async ValueTask DisposeAsync()
    {
        foreach (var channel in _channels)
        {
            channel.Dispose();
        }

        foreach (var process in _gateways.Values)
        {
            process.Dispose();
        }

        await Task.CompletedTask.ConfigureAwait(false);
    }

    private async Task<int> SummarizeAsync(CancellationToken cancellationToken)
    {
        await ChapterAsync("Evidence").ConfigureAwait(false);
        var receipts = 0;
        foreach (var (id, sender) in _sent)
        {
            var status = await WaitForDeliveredAsync(sender, id, cancellationToken).ConfigureAwait(false);
            receipts += status.CurrentState == StateNames.Name(OutboxState.Delivered) ? 1 : 0;
            await SayAsync($"  {Short(id)} {status.CurrentState,-10} {Trail(status)}").ConfigureAwait(false);
        }

        foreach (var id in _gateways.Keys.ToList())
        {
            await StopAsync(id).ConfigureAwait(false);
        }

        foreach (var id in _gateways.Keys)
        {
            await using var store = new Storage.Sqlite.SqliteMessageStore(Path.Combine(_runDirectory, id.Slug, "gateway.db"), new Storage.Sqlite.SqliteStoreOptions());
            await store.InitializeAsync(cancellationToken).ConfigureAwait(false);
            var audit = await store.VerifyAuditAsync(cancellationToken).ConfigureAwait(false);
            _failures += audit.FirstBroken is null ? 0 : 1;
            await SayAsync($"audit trail of {id}: {audit.Entries} entries, hash chain {(audit.FirstBroken is null ? "intact" : $"BROKEN at entry {audit.FirstBroken}")}").ConfigureAwait(false);
        }

        var sent = _sent.Count;
        var delivered = _sent.Count(s => _readCounts.ContainsKey(s.Id));
        var lost = sent - delivered;
        var duplicated = _readCounts.Values.Sum(c => c - 1);
        var holds = _submitted == _refused + sent && sent == delivered && delivered == receipts && _refused >= 1 && lost == 0 && duplicated == 0 && _failures == 0;
        if (!holds)
        {
            await _context.Error.WriteLineAsync($"demo: the story did not hold ({_failures} step(s) failed); see the gateway logs in {_runDirectory}").ConfigureAwait(false);
        }

        await _context.Out.WriteLineAsync(
            $"demo: {_submitted} submitted, {_refused} refused by policy, {sent} sent, {delivered} delivered, {receipts} receipts verified, {lost} lost, {duplicated} duplicated").ConfigureAwait(false);
        return holds ? ExitCodes.Ok : ExitCodes.Rejected;
    }

    /// <summary>
    /// Sends a consent-withdrawal notice about <paramref name="withdrawn"/> (acknowledged by AL/NCP
    /// earlier) as <c>crossborder notify</c> builds it, lets AL/NCP's case worker read it, then checks
    /// both sides: AL/NCP's gateway shows the message WITHDRAWN or ERASURE_REQUESTED, and IT/NCP's
    /// shows the notice APPLIED, as the notice's signed receipt says.
    /// </summary>
    private async Task WithdrawAsync(
        LocalExchange.LocalExchangeClient sender, LocalExchange.LocalExchangeClient reader, string? withdrawn, CancellationToken cancellationToken)
    {
        if (withdrawn is null)
        {
            return; // its submission failed, and was counted
        }

        await WaitForDeliveredAsync(sender, withdrawn, cancellationToken).ConfigureAwait(false);
        var notice = new CasePayload { CorrectionOrWithdrawalNotice = NotifyCommand.Notice("withdrawal", withdrawn, null, _context.Time.GetUtcNow()) };
        var refused = _refused;
        var noticeId = await SendAsync(
            sender,
            "IT/NCP case-worker",
            new SubmitRequest
            {
                Recipient = AlNcp.ToString(),
                Purpose = Purpose.DataSubjectRights,
                LegalBasis = NotifyCommand.DefaultLegalBasis,
                ConversationId = _conversations[withdrawn],
                Payload = notice,
            },
            cancellationToken).ConfigureAwait(false);
        if (noticeId is null)
        {
            _failures += _refused - refused; // a refusal by policy is a failure here: the notice must pass
            return;
        }

        await ReadAsync(reader, "AL/NCP case-worker", 1, cancellationToken).ConfigureAwait(false);
        await WaitForDeliveredAsync(sender, noticeId, cancellationToken).ConfigureAwait(false);
        var received = await reader.StatusAsync(new StatusRequest { MessageId = withdrawn }, deadline: Deadline(10), cancellationToken: cancellationToken).ConfigureAwait(false);
        var sent = await sender.StatusAsync(new StatusRequest { MessageId = withdrawn }, deadline: Deadline(10), cancellationToken: cancellationToken).ConfigureAwait(false);
        var outcome = sent.Notices.FirstOrDefault(n => n.NoticeId == noticeId)?.Outcome ?? NoticeReferenceOutcome.Unspecified;
        var applied = received.CurrentState == StateNames.Name(InboxState.Withdrawn) || received.CurrentState == StateNames.Name(InboxState.ErasureRequested);
        _failures += applied && outcome == NoticeReferenceOutcome.Applied ? 0 : 1;
        await SayAsync(
            $"  {Short(withdrawn)} is {received.CurrentState} at AL/NCP{(applied ? " (sealed bytes purged)" : "")}; " +
            $"the signed receipt of notice {Short(noticeId)} tells IT/NCP: {ExchangeCommands.OutcomeName(outcome)}").ConfigureAwait(false);
    }

    private Task<string?> SendAsync(
        LocalExchange.LocalExchangeClient client, string who, ParticipantId to, Purpose purpose, CasePayload payload, string inReplyTo, CancellationToken cancellationToken) =>
        SendAsync(
            client,
            who,
            new SubmitRequest { Recipient = to.ToString(), Purpose = purpose, LegalBasis = LegalBasis, Payload = payload, InReplyTo = inReplyTo },
            cancellationToken);

    private async Task<string?> SendAsync(LocalExchange.LocalExchangeClient client, string who, SubmitRequest request, CancellationToken cancellationToken)
    {
        _submitted++;
        var to = request.Recipient;
        var type = ProtoEnumNames<MessageType>.Name((MessageType)(int)request.Payload.BodyCase);
        try
        {
            var answer = await client.SubmitAsync(request, deadline: Deadline(30), cancellationToken: cancellationToken).ConfigureAwait(false);
            _sent.Add((answer.MessageId, client));
            _conversations[answer.MessageId] = answer.ConversationId;
            var removed = answer.Decisions.Where(d => d.Action == "REMOVED").Select(d => d.FieldPath[(d.FieldPath.IndexOf('.', StringComparison.Ordinal) + 1)..]).ToList();
            var transformed = answer.Decisions.Count - removed.Count;
            await SayAsync($"{who} → {to}: {type} queued as {Short(answer.MessageId)}; policy removed {removed.Count} field(s), transformed {transformed}").ConfigureAwait(false);
            if (removed.Count > 0)
            {
                await SayAsync($"  removed: {string.Join(", ", removed)}").ConfigureAwait(false);
            }

            return answer.MessageId;
        }
        catch (RpcException ex) when (RefusalStatus.ReasonOf(ex) == ReasonCode.PolicyRefused)
        {
            _refused++;
            var report = ex.GetRpcStatus()?.GetDetail<SubmitResponse>();
            var first = report?.Decisions.FirstOrDefault();
            await SayAsync($"{who} → {to}: {type} REFUSED by policy: rule {first?.RuleId ?? "?"} ({first?.DetailCode ?? "?"}); nothing was sealed or sent").ConfigureAwait(false);
            return null;
        }
        catch (RpcException ex)
        {
            _failures++;
            await SayAsync($"{who} → {to}: {type} failed: {RefusalStatus.ReasonOf(ex)?.Name() ?? ex.StatusCode.ToString()}").ConfigureAwait(false);
            return null;
        }
    }

    private async Task<List<InboxMessage>> ReadAsync(LocalExchange.LocalExchangeClient client, string who, int count, CancellationToken cancellationToken)
    {
        var read = new List<InboxMessage>();
        var started = _context.Time.GetTimestamp();
        while (read.Count < count && _context.Time.GetElapsedTime(started) < ReadyTimeout)
        {
            InboxResponse answer;
            try
            {
                answer = await client.InboxAsync(new InboxRequest { WaitSeconds = 5, MaxMessages = (uint)(count - read.Count) }, deadline: Deadline(20), cancellationToken: cancellationToken).ConfigureAwait(false);
            }
            catch (RpcException)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(500), _context.Time, cancellationToken).ConfigureAwait(false);
                continue;
            }

            foreach (var message in answer.Messages)
            {
                read.Add(message);
                _readCounts[message.MessageId] = _readCounts.GetValueOrDefault(message.MessageId) + 1;
                await client.AcknowledgeAsync(new AcknowledgeRequest { MessageId = message.MessageId, Sender = message.Sender }, deadline: Deadline(10), cancellationToken: cancellationToken).ConfigureAwait(false);
                var reply = message.InReplyTo.Length > 0 ? $", in reply to {Short(message.InReplyTo)}" : "";
                await SayAsync($"{who} ← {message.Sender}: {ProtoEnumNames<MessageType>.Name(message.MessageType)} {Short(message.MessageId)} read and acknowledged{reply}").ConfigureAwait(false);
            }
        }

        if (read.Count < count)
        {
            _failures++;
            await SayAsync($"{who}: expected {count} message(s), read {read.Count}").ConfigureAwait(false);
        }

        return read;
    }

    private async Task<StatusResponse> WaitForDeliveredAsync(LocalExchange.LocalExchangeClient client, string id, CancellationToken cancellationToken)
    {
        var started = _context.Time.GetTimestamp();
        while (true)
        {
            var status = await client.StatusAsync(new StatusRequest { MessageId = id }, deadline: Deadline(10), cancellationToken: cancellationToken).ConfigureAwait(false);
            if (IsFinal(status.CurrentState) || _context.Time.GetElapsedTime(started) > ReadyTimeout)
            {
                return status;
            }

            await Task.Delay(TimeSpan.FromMilliseconds(200), _context.Time, cancellationToken).ConfigureAwait(false);
        }
    }

    /// <summary>Whether a shown outbox state is final: DELIVERED, REJECTED or FAILED.</summary>
    private static bool IsFinal(string state) =>
        state == StateNames.Name(OutboxState.Delivered) || state == StateNames.Name(OutboxState.Rejected) || state == StateNames.Name(OutboxState.Failed);

    private async Task StartAsync(ParticipantId id, CancellationToken cancellationToken)
    {
        var data = Path.Combine(_runDirectory, id.Slug);
        var environment = new Dictionary<string, string>
        {
            ["CrossBorder__Gateway__DataDirectory"] = data,
            ["CrossBorder__Gateway__RetryInitialSeconds"] = "0.5",
            ["CrossBorder__Gateway__RetryMaxSeconds"] = "2",
            ["CrossBorder__Gateway__Telemetry__Console"] = "true",
        };
        int attempt;
        lock (_gateways)
        {
            attempt = _gateways.ContainsKey(id) ? 2 : 1;
        }

        var log = Path.Combine(_runDirectory, $"{id.Slug}-{attempt}.log");
        var process = GatewayProcess.Start(_layout.GatewayConfig(id), log, environment);
        lock (_gateways)
        {
            _gateways[id] = process;
        }

        var client = Client(id, DevFederationSpec.Participants.First(p => p.Id == id.ToString()).LocalRoles[0].Name);
        var started = _context.Time.GetTimestamp();
        while (true)
        {
            try
            {
                await client.WhoAmIAsync(new WhoAmIRequest(), deadline: Deadline(2), cancellationToken: cancellationToken).ConfigureAwait(false);
                await SayAsync($"gateway {id} {(attempt == 1 ? "started" : "restarted")} (log {Path.GetFileName(log)})").ConfigureAwait(false);
                return;
            }
            catch (RpcException) when (!process.HasExited && _context.Time.GetElapsedTime(started) < ReadyTimeout)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200), _context.Time, cancellationToken).ConfigureAwait(false);
            }
            catch (RpcException)
            {
                throw Reject.Because(ReasonCode.Unavailable, $"gateway {id} did not start; see {log}");
            }
        }
    }

    private async Task StopAsync(ParticipantId id)
    {
        var exit = await _gateways[id].StopAsync(TimeSpan.FromSeconds(20), _context.Time).ConfigureAwait(false);
        _failures += exit == 0 ? 0 : 1;
        await SayAsync($"gateway {id} stopped on SIGTERM (exit code {exit})").ConfigureAwait(false);
    }

    private LocalExchange.LocalExchangeClient Client(ParticipantId id, string role)
    {
        var profile = LocalChannel.ReadProfile(_layout.ClientProfile(id, role));
        var channel = LocalChannel.Create(profile, _context.Time, SchemaInfo.DefaultMaxEnvelopeBytes);
        lock (_channels)
        {
            _channels.Add(channel);
        }

        return new LocalExchange.LocalExchangeClient(channel);
    }

    private static CasePayload Example(string name)
    {
        using var stream = typeof(DemoStory).Assembly.GetManifestResourceStream($"payloads/{name}.json")
            ?? throw new InvalidOperationException($"example payload {name} is not embedded");
        using var bytes = new MemoryStream();
        stream.CopyTo(bytes);
        return PayloadJson.Read(bytes.ToArray(), $"example payload {name}");
    }

    private Task ChapterAsync(string title) => WriteAsync($"{Environment.NewLine}demo: == {title} ==");

    private Task SayAsync(string line) => WriteAsync($"[{_context.Time.GetElapsedTime(_started).TotalSeconds,6:0.0}s] {line}");

    private Task WriteAsync(string line)
    {
        // Gateways start in parallel; their lines must not interleave.
        lock (_channels)
        {
            _context.Out.WriteLine(line);
        }

        return Task.CompletedTask;
    }

    private DateTime Deadline(double seconds) => _context.Time.GetUtcNow().AddSeconds(seconds).UtcDateTime;

    /// <summary>The trail of a sent message, failed attempts folded: SUBMITTED → QUEUED → 4 failed attempts (UNAVAILABLE) → SENDING → DELIVERED.</summary>
    private static string Trail(StatusResponse status)
    {
        var steps = new List<string>();
        var events = status.Events;
        var failed = 0;
        var reasons = new SortedSet<string>(StringComparer.Ordinal);
        for (var i = 0; i < events.Count; i++)
        {
            var e = events[i];
            if (e.State == StateNames.Name(OutboxState.Sending) && i + 1 < events.Count && events[i + 1].State == StateNames.Name(OutboxState.RetryWait))
            {
                failed++;
                reasons.Add(events[i + 1].Reason.Name());
                i++;
                continue;
            }

            if (failed > 0)
            {
                steps.Add($"{failed} failed attempt(s) ({string.Join(", ", reasons)})");
                failed = 0;
                reasons.Clear();
            }

            steps.Add(e.Reason == ReasonCode.Unspecified ? e.State : $"{e.State}({e.Reason.Name()})");
        }

        if (failed > 0)
        {
            steps.Add($"{failed} failed attempt(s) ({string.Join(", ", reasons)})");
        }

        return string.Join(" → ", steps);
    }

    private static string Short(string id) => MessageIds.ShortForm(id);
}
