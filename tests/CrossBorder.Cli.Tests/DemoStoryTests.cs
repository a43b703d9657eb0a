using System.Text.RegularExpressions;
using CrossBorder.Cli.DevPki;
using CrossBorder.Cli.Tests.Infrastructure;

namespace CrossBorder.Cli.Tests;

/// <summary>
/// The whole story of <c>make demo</c>, end to end with three gateway processes: identity
/// confirmation, a policy refusal, referral and acceptance, the AL/NCP gateway stopped and
/// restarted while messages are sent to it, the arrival report, a consent withdrawal that AL/NCP's
/// gateway applies; every count holds.
/// </summary>
[Collection(SharedExchange.Name)]
public sealed partial class DemoStoryTests : IDisposable
{
    private readonly TempDirectory _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task The_demo_story_plays_through_and_its_summary_holds()
    {
        using var output = new StringWriter();
        using var error = new StringWriter();
        using var limit = Eventually.Within(TimeSpan.FromMinutes(3));
        var basePort = FreePorts.BasePort();

        var exit = await CliApp.RunAsync(
            ["demo", "--federation", _data.File("federation"), "--base-port", basePort.ToString(System.Globalization.CultureInfo.InvariantCulture)],
            new CliContext(output, error, TimeProvider.System),
            limit.Token);

        var lines = output.ToString().TrimEnd().Split('\n');
        Assert.True(exit == 0, output + "\n" + error);
        var summary = Summary().Match(lines[^1]);
        Assert.True(summary.Success, lines[^1]);
        int Count(string name) => int.Parse(summary.Groups[name].Value, System.Globalization.CultureInfo.InvariantCulture);
        Assert.Equal(Count("submitted"), Count("refused") + Count("sent"));
        Assert.True(Count("refused") >= 1);
        Assert.Equal(Count("sent"), Count("delivered"));
        Assert.Equal(Count("sent"), Count("receipts"));
        Assert.Contains(lines, l => l.Contains("REFUSED by policy: rule R2-no-identity-request-under-protection (POLICY_PROTECTION_FLAG)", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("gateway AL/NCP restarted", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("data_subject_category UNSPECIFIED", StringComparison.Ordinal));
        Assert.Contains(lines, l => l.Contains("failed attempt(s) (UNAVAILABLE) → SENDING → DELIVERED", StringComparison.Ordinal));
        Assert.Equal(3, lines.Count(l => l.Contains("hash chain intact", StringComparison.Ordinal)));
        Assert.DoesNotContain(lines, l => l.Contains("Activity.TraceId", StringComparison.Ordinal));

        // Consent withdrawn: the notice is sent, offered to AL/NCP first, and applied to the acknowledged risk assessment.
        var notice = lines.Select(l => NoticeQueued().Match(l)).Single(m => m.Success).Groups["id"].Value;
        Assert.Contains(lines, l => l.Contains($"AL/NCP case-worker ← IT/NCP: CORRECTION_OR_WITHDRAWAL_NOTICE {notice} read and acknowledged", StringComparison.Ordinal));
        var applied = Assert.Single(lines, l => l.Contains($"the signed receipt of notice {notice} tells IT/NCP:", StringComparison.Ordinal));
        var withdrawn = Withdrawn().Match(applied);
        Assert.True(withdrawn.Success, applied);
        Assert.Equal(("ERASURE_REQUESTED", "APPLIED"), (withdrawn.Groups["state"].Value, withdrawn.Groups["outcome"].Value));
        Assert.Contains(lines, l => l.Contains($"RETURN_RISK_ASSESSMENT queued as {withdrawn.Groups["id"].Value};", StringComparison.Ordinal));

        // Every message queued is shown with its own short id (a message id begins with its creation time).
        var queued = lines.Select(l => Queued().Match(l)).Where(m => m.Success).Select(m => m.Groups["id"].Value).ToList();
        Assert.Equal(Count("sent"), queued.Count);
        Assert.Equal(queued.Count, queued.Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public async Task With_keep_running_the_gateways_stay_up_and_each_console_opens_with_the_printed_code()
    {
        var federation = _data.File("federation");
        var basePort = FreePorts.BasePort().ToString(System.Globalization.CultureInfo.InvariantCulture);
        using var demo = new RunningCli("demo", "--federation", federation, "--base-port", basePort, "--keep-running");

        using (var limit = Eventually.Within(TimeSpan.FromMinutes(3)))
        {
            while (Console().Count(demo.Out) < 3)
            {
                await Task.Delay(TimeSpan.FromMilliseconds(200), TimeProvider.System, limit.Token);
            }
        }

        Assert.Contains(demo.Out.Split('\n'), l => Summary().IsMatch(l));
        foreach (Match console in Console().Matches(demo.Out))
        {
            var id = Core.Trust.ParticipantId.Parse(console.Groups["id"].Value);
            using var server = System.Security.Cryptography.X509Certificates.X509CertificateLoader.LoadCertificateFromFile(
                Path.Combine(federation, "participants", id.Slug, "local", "server.crt"));
            using var browser = new OpsBrowser(new Uri(console.Groups["address"].Value), server);
            using var signedIn = await browser.SignInAsync(console.Groups["code"].Value);
            Assert.Equal(System.Net.HttpStatusCode.Redirect, signedIn.StatusCode);
            Assert.Contains("<h1>Overview</h1>", await browser.PageAsync("/"), StringComparison.Ordinal);
        }

        Assert.Equal(0, await demo.StopAsync());
        var afterStory = demo.Out[demo.Out.IndexOf("The gateways stay up", StringComparison.Ordinal)..];
        Assert.Equal(3, afterStory.Split('\n').Count(l => l.Contains("stopped on SIGTERM (exit code 0)", StringComparison.Ordinal)));
    }

    [GeneratedRegex(@"^console (?<id>[A-Z]{2}/[A-Z_]+): (?<address>https://127\.0\.0\.1:\d+)/login  one-time code (?<code>[A-Z2-7-]{39})$", RegexOptions.Multiline)]
    private static partial Regex Console();

    [GeneratedRegex(@" queued as (?<id>[0-9a-f]{8});")]
    private static partial Regex Queued();

    [GeneratedRegex(@"IT/NCP case-worker → AL/NCP: CORRECTION_OR_WITHDRAWAL_NOTICE queued as (?<id>[0-9a-f]{8});")]
    private static partial Regex NoticeQueued();

    [GeneratedRegex(@"\]\s+(?<id>[0-9a-f]{8}) is (?<state>[A-Z_]+) at AL/NCP \(sealed bytes purged\); the signed receipt of notice [0-9a-f]{8} tells IT/NCP: (?<outcome>[A-Z_]+)$")]
    private static partial Regex Withdrawn();

    [GeneratedRegex(@"^demo: (?<submitted>\d+) submitted, (?<refused>\d+) refused by policy, (?<sent>\d+) sent, (?<delivered>\d+) delivered, (?<receipts>\d+) receipts verified, 0 lost, 0 duplicated$")]
    private static partial Regex Summary();
}
