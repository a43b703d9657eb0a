using System.Text.RegularExpressions;
using CrossBorder.Cli.Tests.Infrastructure;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Trust;
using Google.Protobuf;

namespace CrossBorder.Cli.Tests;

/// <summary>The local-client commands against real gateways: send, read with --out and --ack, follow the status, notify.</summary>
[Collection(SharedExchange.Name)]
public sealed partial class ExchangeCliEndToEndTests(ExchangeFederation federation) : IDisposable
{
    private readonly TempDirectory _data = new();

    public void Dispose() => _data.Dispose();

    [Fact]
    public async Task Send_inbox_with_out_and_ack_and_status_work_against_real_gateways()
    {
        await using var italy = await federation.StartAsync("IT/NCP", _data.File("it"));
        await using var consular = await federation.StartAsync("AL/CONSULAR", _data.File("al-consular"));
        var sender = federation.Layout.ClientProfile(ParticipantId.Parse("IT/NCP"), "case-worker");
        var reader = federation.Layout.ClientProfile(ParticipantId.Parse("AL/CONSULAR"), "consular-officer");
        var payload = Path.Combine(AppContext.BaseDirectory, "TestData", "payloads", "identity-confirmation-request.json");

        var sent = await CliRunner.RunAsync("send", "--profile", sender, "--to", "AL/CONSULAR", "--purpose", "IDENTITY_VERIFICATION",
            "--legal-basis", Exchanges.LegalBasis, "--payload", payload);
        Assert.True(sent.ExitCode == 0, sent.ToString());
        var id = SubmittedId().Match(sent.Out).Groups[1].Value;
        Assert.Contains("REMOVED identity_confirmation_request.data_subject_category", sent.Out, StringComparison.Ordinal);

        var received = _data.File("received");
        var inbox = await CliRunner.RunAsync("inbox", "--profile", reader, "--wait", "20", "--ack", "--out", received);
        Assert.True(inbox.ExitCode == 0, inbox.ToString());
        Assert.StartsWith($"{id} from IT/NCP", inbox.Out, StringComparison.Ordinal);
        Assert.DoesNotContain("SHEMBULLI", inbox.Out, StringComparison.Ordinal);
        var kept = JsonParser.Default.Parse<CasePayload>(File.ReadAllText(Path.Combine(received, $"IT-NCP_{id}.json")));
        Assert.Equal("SHEMBULLI", kept.IdentityConfirmationRequest.Person.FamilyName);

        var again = await CliRunner.RunAsync("inbox", "--profile", reader, "--ack", "--out", received);
        Assert.Equal(0, again.ExitCode);
        Assert.Equal("", again.Out);

        var status = await WaitForDeliveredAsync(sender, id);
        Assert.Equal(0, status.ExitCode);
        Assert.StartsWith($"{id} DELIVERED", status.Out, StringComparison.Ordinal);
        var unknown = await CliRunner.RunAsync("status", "--profile", reader, "--id", new string('0', 32));
        Assert.Equal(1, unknown.ExitCode);
        Assert.StartsWith("rejected: NOT_FOUND:", unknown.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Notify_withdraws_an_acknowledged_message_and_status_shows_what_each_side_did()
    {
        await using var italy = await federation.StartAsync("IT/NCP", _data.File("it"));
        await using var albania = await federation.StartAsync("AL/NCP", _data.File("al"));
        var sender = federation.Layout.ClientProfile(ParticipantId.Parse("IT/NCP"), "case-worker");
        var reader = federation.Layout.ClientProfile(ParticipantId.Parse("AL/NCP"), "case-worker");
        var id = await SendReferralAsync(sender);
        var read = await CliRunner.RunAsync("inbox", "--profile", reader, "--wait", "20", "--ack", "--json");
        Assert.True(read.ExitCode == 0, read.ToString());
        Assert.Contains(id, read.Out, StringComparison.Ordinal);
        Assert.StartsWith($"{id} DELIVERED", (await WaitForDeliveredAsync(sender, id)).Out, StringComparison.Ordinal);

        var notified = await CliRunner.RunAsync("notify", "--profile", sender, "--to", "AL/NCP", "--kind", "withdrawal", "--references", id);

        Assert.True(notified.ExitCode == 0, notified.ToString());
        var noticeId = SubmittedId().Match(notified.Out).Groups[1].Value;
        Assert.DoesNotContain("cancelled:", notified.Out, StringComparison.Ordinal); // it had left already
        Assert.StartsWith($"{noticeId} DELIVERED", (await WaitForDeliveredAsync(sender, noticeId)).Out, StringComparison.Ordinal);

        var sent = await CliRunner.RunAsync("status", "--profile", sender, "--id", id);
        Assert.True(sent.ExitCode == 0, sent.ToString());
        Assert.StartsWith($"{id} DELIVERED", sent.Out, StringComparison.Ordinal);
        Assert.Contains($"  notice {noticeId} CONSENT_WITHDRAWAL APPLIED (notice DELIVERED)", sent.Out.Split('\n').Select(l => l.TrimEnd()));

        var received = await CliRunner.RunAsync("status", "--profile", reader, "--id", id);
        Assert.True(received.ExitCode == 0, received.ToString());
        Assert.StartsWith($"{id} ERASURE_REQUESTED", received.Out, StringComparison.Ordinal);
        Assert.Contains($"  notice {noticeId} CONSENT_WITHDRAWAL APPLIED", received.Out, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Notify_cancels_a_message_still_waiting_to_leave_and_says_so()
    {
        // AL/NCP's gateway is not running: after its first attempt the message waits a minute in the outbox.
        await using var italy = await federation.StartAsync("IT/NCP", _data.File("it"), o => (o.RetryInitialSeconds, o.RetryMaxSeconds) = (60, 60));
        var sender = federation.Layout.ClientProfile(ParticipantId.Parse("IT/NCP"), "case-worker");
        var id = await SendReferralAsync(sender);
        Assert.StartsWith($"{id} RETRY_WAIT", (await WaitForStateAsync(sender, id, "RETRY_WAIT")).Out, StringComparison.Ordinal);

        var notified = await CliRunner.RunAsync("notify", "--profile", sender, "--to", "AL/NCP", "--kind", "withdrawal", "--references", id);

        Assert.True(notified.ExitCode == 0, notified.ToString());
        var noticeId = SubmittedId().Match(notified.Out).Groups[1].Value;
        Assert.Equal($"cancelled: {id}", notified.Out.TrimEnd().Split('\n')[^1].TrimEnd());
        var status = await CliRunner.RunAsync("status", "--profile", sender, "--id", id);
        Assert.True(status.ExitCode == 0, status.ToString());
        Assert.StartsWith($"{id} CANCELLED", status.Out, StringComparison.Ordinal);
        Assert.Contains($"  notice {noticeId} CONSENT_WITHDRAWAL UNANSWERED", status.Out, StringComparison.Ordinal);
    }

    /// <summary>Sends the example case referral from IT/NCP to AL/NCP with the CLI; its message id.</summary>
    private static async Task<string> SendReferralAsync(string profile)
    {
        var payload = Path.Combine(AppContext.BaseDirectory, "TestData", "payloads", "case-referral.json");
        var sent = await CliRunner.RunAsync("send", "--profile", profile, "--to", "AL/NCP", "--purpose", "TRANSNATIONAL_REFERRAL",
            "--legal-basis", Exchanges.LegalBasis, "--payload", payload);
        Assert.True(sent.ExitCode == 0, sent.ToString());
        return SubmittedId().Match(sent.Out).Groups[1].Value;
    }

    private static Task<CliResult> WaitForDeliveredAsync(string profile, string id) => WaitForStateAsync(profile, id, "DELIVERED");

    private static async Task<CliResult> WaitForStateAsync(string profile, string id, string state)
    {
        var until = TimeProvider.System.GetUtcNow().AddSeconds(20);
        while (true)
        {
            var status = await CliRunner.RunAsync("status", "--profile", profile, "--id", id);
            if (status.Out.StartsWith($"{id} {state}", StringComparison.Ordinal) || TimeProvider.System.GetUtcNow() > until)
            {
                return status;
            }

            await Eventually.PauseAsync(TimeSpan.FromMilliseconds(100));
        }
    }

    [GeneratedRegex("^submitted: ([0-9a-f]{32}) ", RegexOptions.Multiline)]
    private static partial Regex SubmittedId();
}
