using System.Net;
using System.Net.Http.Headers;
using System.Text;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Delivery.States;
using CrossBorder.Ops.Tests.Infrastructure;
using Google.Protobuf;
using Grpc.Core;
using static CrossBorder.Gateway.Testing.Exchanges;

namespace CrossBorder.Ops.Tests.Canary;

/// <summary>
/// The canary: a distinctive value in every field of every message type, sent between real
/// gateways, delivered and read, plus refused submissions; then nothing an operator or a scraper
/// sees may show one of them: any console page reachable from the overview, <c>/metrics</c>,
/// <c>/healthz</c>, <c>crossborder gateway health</c>, the gateways' logs, spans and metric tags, refusal texts, audit trails and the
/// files in the gateways' data folders (the store and its journal included).
/// </summary>
[Collection(ConsoleExchange.Name)]
public sealed class CanaryTests(ExchangeFederation federation) : IDisposable
{
    /// <summary>Who sends each example to whom, for what: the routes the dev federation allows.</summary>
    private static readonly Route[] Routes =
    [
        new("case-referral", "IT/NCP", "case-worker", "AL/NCP", "case-worker", Purpose.TransnationalReferral),
        new("identity-confirmation-request", "IT/NCP", "case-worker", "AL/CONSULAR", "consular-officer", Purpose.IdentityVerification),
        new("identity-confirmation-response", "AL/CONSULAR", "consular-officer", "IT/NCP", "case-worker", Purpose.IdentityVerification),
        new("return-risk-assessment", "IT/NCP", "case-worker", "AL/NCP", "case-worker", Purpose.RiskAssessment),
        new("return-plan", "IT/NCP", "case-worker", "AL/NCP", "case-worker", Purpose.ReturnCoordination),
        new("reception-confirmation", "AL/NCP", "case-worker", "IT/NCP", "case-worker", Purpose.ReceptionAssistance),
        new("child-protection-exchange", "IT/NCP", "child-protection", "AL/NCP", "child-protection", Purpose.ChildProtection),
        new("law-enforcement-information", "IT/POLICE", "police-officer", "AL/POLICE", "police-officer", Purpose.CriminalInvestigation),
        new("correction-or-withdrawal-notice", "IT/NCP", "case-worker", "AL/NCP", "case-worker", Purpose.DataSubjectRights),
        new("aggregate-statistics", "IT/NCP", "case-worker", "AL/NCP", "case-worker", Purpose.Statistics),
    ];

    /// <summary>A console that shows the flow has at least its five pages and a page per message.</summary>
    private const int MinimumPagesPerConsole = 6;

    private readonly TempDirectory _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task No_value_of_any_field_of_any_message_type_shows_on_a_page_metrics_health_logs_spans_or_the_audit_trail()
    {
        using var telemetry = new TelemetryCapture();
        var canaries = new Canaries(DateOnly.FromDateTime(TimeProvider.System.GetUtcNow().UtcDateTime));
        var gateways = new Dictionary<string, TestGateway>(StringComparer.Ordinal);
        try
        {
            foreach (var participant in Routes.SelectMany(r => new[] { r.From, r.To }).Distinct())
            {
                gateways[participant] = await federation.StartAsync(participant, _data.File(participant.Replace('/', '-')));
            }

            var exposure = new Exposure();
            var problems = new List<string>();
            var accepted = new List<(Route Route, string MessageId)>();
            var outcomes = new List<string>();

            // 1. Every message type, its example with a canary in every field it sets: must be delivered.
            //    The same with a canary in every field at all: delivered or refused, either way judged.
            foreach (var route in Routes)
            {
                var example = Example(route.Example);
                foreach (var everyField in new[] { false, true })
                {
                    var label = everyField ? $"{route.Example}+every-field" : route.Example;
                    var payload = canaries.Mark(example, label, everyField);
                    var (messageId, refusal) = await SubmitAsync(route, payload, exposure);
                    outcomes.Add($"{label}: {(messageId is not null ? "accepted " + messageId : "refused " + refusal)}");
                    if (messageId is not null)
                    {
                        accepted.Add((route, messageId));
                    }
                    else if (!everyField)
                    {
                        problems.Add($"{label} with canary values was refused ({refusal}): the canary must cross to prove anything");
                    }
                }
            }

            // 2. Refusals on purpose: the policy (a person under international protection) and the role.
            var protectedPerson = canaries.Mark(Example("identity-confirmation-request"), "identity-confirmation-request+protected", everyField: false);
            protectedPerson.IdentityConfirmationRequest.InternationalProtection = true;
            var (_, policyRefusal) = await SubmitAsync(Routes[1], protectedPerson, exposure);
            var (_, roleRefusal) = await SubmitAsync(Routes[1] with { From = "AL/CONSULAR", FromRole = "consular-officer", To = "IT/NCP" }, protectedPerson, exposure);
            Assert.Equal("POLICY_REFUSED", policyRefusal);
            Assert.Equal("NOT_AUTHORIZED", roleRefusal);

            // 3. Read every accepted message where it went, and wait for the senders' signed receipts.
            var read = new Exposure();
            foreach (var inbox in accepted.GroupBy(a => (a.Route.To, a.Route.ToRole)))
            {
                var messages = await ReadAsync(federation.Client(inbox.Key.To, inbox.Key.ToRole), inbox.Count());
                Assert.True(messages.Count == inbox.Count(), $"{inbox.Key.To} {inbox.Key.ToRole} read {messages.Count} of {inbox.Count()} messages");
                foreach (var message in messages)
                {
                    read.Add($"{inbox.Key.To} inbox {message.MessageId}", JsonFormatter.Default.Format(message.Payload));
                }
            }

            foreach (var (route, messageId) in accepted)
            {
                var status = await WaitForStateAsync(federation.Client(route.From, route.FromRole), messageId, StateNames.Name(AuditState.Delivered));
                Assert.True(status.CurrentState == StateNames.Name(AuditState.Delivered), $"{route.Example} {messageId} ended {status.CurrentState}");
            }

            // 4. Everything there is to see.
            foreach (var (participant, gateway) in gateways)
            {
                await LookAtConsoleAsync(participant, gateway, exposure, problems);
                await LookAtHealthCommandAsync(participant, federation.ConfigPath(participant), exposure, problems);
                foreach (var entry in gateway.Log.Entries)
                {
                    exposure.Add($"{participant} log", entry + " " + entry.Exception);
                }

                foreach (var (_, messageId) in accepted)
                {
                    foreach (var audit in await gateway.Store.TrailAsync(messageId, CancellationToken.None))
                    {
                        exposure.Add($"{participant} audit", audit.ToString());
                    }
                }
            }

            foreach (var line in telemetry.Lines)
            {
                exposure.Add("spans and metrics", line);
            }

            // The data files may hold, beside sealed bytes, only the record metadata a receiving gateway
            // acts on without opening the envelope: retention dates and a notice's message references.
            var files = new Exposure();
            foreach (var file in Directory.EnumerateFiles(_data.Path, "*", SearchOption.AllDirectories))
            {
                files.Add($"data file {Path.GetRelativePath(_data.Path, file)}", File.ReadAllBytes(file));
            }

            // The search works: the canaries are in what the recipients read, in every encoded form
            // the search knows, and the exchange was seen by the span listener.
            var crossed = read.Find(canaries.Needles);
            Assert.True(crossed.Count >= 40, $"only {crossed.Count} canary values reached the recipients: the canary proves nothing;{Environment.NewLine}{string.Join(Environment.NewLine, outcomes)}");
            var silent = Routes.Where(r => !crossed.Any(c => c.StartsWith(r.Example + ".", StringComparison.Ordinal))).Select(r => r.Example).ToList();
            Assert.True(silent.Count == 0, $"no canary value of {string.Join(", ", silent)} reached its recipient;{Environment.NewLine}{string.Join(Environment.NewLine, outcomes)}");

            var free = canaries.Needles.First(n => n.Value.Contains('<', StringComparison.Ordinal));
            foreach (var (form, text) in Canaries.Forms(free.Value))
            {
                var encoded = new Exposure();
                encoded.Add(form, "x" + text + "y");
                Assert.True(encoded.Find(canaries.Needles).Count > 0, $"the search misses the {form} form of {free.Value}");
            }

            Assert.True(telemetry.Spans > 20, $"the span listener saw {telemetry.Spans} spans");

            var leaks = exposure.Find(canaries.Needles);
            leaks.AddRange(files.Find(canaries.Needles.Where(n => !StoredMetadata.IsMetadata(n.Key)).ToDictionary(StringComparer.Ordinal)));
            Assert.Contains(canaries.Needles.Keys, StoredMetadata.IsMetadata);
            Assert.True(leaks.Count == 0 && problems.Count == 0, Report(leaks, problems, outcomes, canaries, exposure));
        }
        finally
        {
            foreach (var gateway in gateways.Values)
            {
                await gateway.DisposeAsync();
            }
        }
    }

    /// <summary>Submits; the message id, or the reason code of the refusal (whose texts join what is searched).</summary>
    private async Task<(string? MessageId, string? Refusal)> SubmitAsync(Route route, CasePayload payload, Exposure exposure)
    {
        try
        {
            var answer = await SendAsync(federation.Client(route.From, route.FromRole), route.To, route.Purpose, payload);
            exposure.Add($"{route.Example} decisions", string.Join("\n", answer.Decisions));
            exposure.Add($"{route.Example} submit answer", answer.ToString());
            return (answer.MessageId, null);
        }
        catch (RpcException error)
        {
            exposure.Add($"{route.Example} refusal", error.Status.Detail);
            exposure.Add($"{route.Example} refusal", error.Trailers.ToString());
            exposure.Add($"{route.Example} refusal details", error.Trailers.GetValueBytes("grpc-status-details-bin"));
            return (null, Core.Errors.RefusalStatus.ReasonOf(error) is { } reason ? Core.Errors.ReasonCodes.Name(reason) : error.StatusCode.ToString());
        }
    }

    /// <summary>A signed-in operator's whole console, <c>/metrics</c> as Prometheus scrapes it, and <c>/healthz</c>.</summary>
    private static async Task LookAtConsoleAsync(string participant, TestGateway gateway, Exposure exposure, List<string> problems)
    {
        using var browser = OpsBrowser.Of(gateway);
        await browser.SignInAsync(gateway);
        var pages = await ConsoleCrawl.RunAsync(browser, gateway.OpsAddress);
        foreach (var page in pages)
        {
            exposure.Add($"{participant} console {page.Path} ({(int)page.Status})", page.Body);
        }

        var shown = pages.Where(p => p.Status == HttpStatusCode.OK && p.MediaType == "text/html").Select(p => p.Path).ToList();
        if (shown.Count < MinimumPagesPerConsole)
        {
            problems.Add($"{participant}: the crawl of the console reached {shown.Count} HTML pages ({string.Join(", ", shown)}), "
                + $"fewer than {MinimumPagesPerConsole}; not found: {string.Join(", ", pages.Where(p => p.Status == HttpStatusCode.NotFound).Select(p => p.Path))}");
        }

        var tokenFile = Path.Combine(gateway.Runtime.Ops.Folder, "metrics.token");
        using var scrape = new HttpRequestMessage(HttpMethod.Get, "/metrics");
        scrape.Headers.Authorization = new AuthenticationHeaderValue("Bearer", File.Exists(tokenFile) ? (await File.ReadAllTextAsync(tokenFile)).Trim() : "none");
        using var metrics = await browser.SendAsync(scrape);
        var metricsText = await metrics.Content.ReadAsStringAsync();
        exposure.Add($"{participant} /metrics", metricsText);
        if (metrics.StatusCode != HttpStatusCode.OK || !metricsText.Contains("# TYPE", StringComparison.Ordinal))
        {
            problems.Add($"{participant}: GET /metrics with the token of {tokenFile} answered {(int)metrics.StatusCode} "
                + $"\"{metricsText.Trim()}\": the Prometheus exporter is missing from the operations face");
        }

        using var anonymous = OpsBrowser.Of(gateway);
        using var health = await anonymous.GetAsync("/healthz");
        var healthText = await health.Content.ReadAsStringAsync();
        exposure.Add($"{participant} /healthz", healthText);
        if (health.StatusCode != HttpStatusCode.OK)
        {
            problems.Add($"{participant}: GET /healthz answered {(int)health.StatusCode} \"{healthText.Trim()}\": the health endpoint is missing");
        }
    }

    /// <summary>What <c>crossborder gateway health</c> prints about a running gateway.</summary>
    private static async Task LookAtHealthCommandAsync(string participant, string configPath, Exposure exposure, List<string> problems)
    {
        var health = await CliRunner.RunAsync("gateway", "health", "--config", configPath);
        exposure.Add($"{participant} crossborder gateway health", health.Out + health.Error);
        if (health.Error.Contains("Unrecognized command or argument", StringComparison.Ordinal) || health.Out.Trim().Length == 0)
        {
            problems.Add($"{participant}: `crossborder gateway health` printed nothing to check ({health.ToString().ReplaceLineEndings(" ")})");
        }
    }

    private static string Report(List<string> leaks, List<string> problems, List<string> outcomes, Canaries canaries, Exposure exposure)
    {
        var report = new StringBuilder();
        report.AppendLine($"{leaks.Count} canary values leaked, {problems.Count} surfaces could not be checked; "
            + $"{canaries.Needles.Count} values searched in {exposure.Count} texts.");
        foreach (var leak in leaks)
        {
            report.AppendLine("LEAK " + leak);
        }

        foreach (var problem in problems)
        {
            report.AppendLine("MISSING " + problem);
        }

        report.AppendLine($"Not searched ({canaries.Unsearchable.Count}): {string.Join("; ", canaries.Unsearchable)}");
        report.AppendLine("Submissions:");
        foreach (var outcome in outcomes)
        {
            report.AppendLine("  " + outcome);
        }

        return report.ToString();
    }

    private sealed record Route(string Example, string From, string FromRole, string To, string ToRole, Purpose Purpose);
}
