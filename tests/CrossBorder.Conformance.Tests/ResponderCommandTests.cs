using System.Text.Json;
using CrossBorder.Conformance.Tests.Infrastructure;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Certificates;
using Google.Protobuf;
using Google.Protobuf.Reflection;

namespace CrossBorder.Conformance.Tests;

/// <summary><c>crossborder conformance responder</c> and <c>report</c>: the report's lines, JSON and exit codes, the option errors, start and stop.</summary>
public sealed class ResponderCommandTests(FederationFixture federation) : IClassFixture<FederationFixture>, IDisposable
{
    private readonly TempDirectory _data = new();

    public void Dispose() => _data.Dispose();

    private string Profile => federation.ParticipantFile("AL/NCP", "conformance.json");

    [Fact]
    public async Task Report_prints_a_line_per_message_and_its_failed_checks_while_the_responder_runs_and_exits_1_when_a_MUST_failed()
    {
        await using var responder = await ResponderRun.StartAsync(Profile, _data.File("verdicts.jsonl"));
        var ids = await DeliverAsync(responder, "good", "bucket-not-smallest", "conversation-id-upper-case");

        var result = await CliRunner.RunAsync("conformance", "report", "--verdicts", responder.VerdictsPath);

        Assert.True(result.ExitCode == 1, result.ToString());
        var lines = result.Out.TrimEnd().Split(Environment.NewLine);
        Assert.Equal(6, lines.Length);
        Assert.Matches($"^PASS  {ids[0]}  IT/NCP  [A-Z_]+  ACCEPTED$", lines[0]);
        Assert.Matches($"^FAIL  {ids[1]}  IT/NCP  [A-Z_]+  ACCEPTED$", lines[1]);
        Assert.Matches(@"^    WS-5-21 \(section 5\) padded to \d+ bytes where the smallest bucket is \d+$", lines[2]);
        Assert.Matches($"^FAIL  {ids[2]}  IT/NCP  [A-Z_]+  INVALID_ARGUMENT MALFORMED$", lines[3]);
        Assert.Equal("    WS-1-4 (section 1) conversation id is not 128 bits as 32 lower-case hex digits", lines[4]);
        Assert.Equal("3 messages, 1 passed, 2 failed", lines[5]);
        Assert.Empty(result.Error);
    }

    [Fact]
    public async Task Report_with_json_prints_one_document_and_exits_0_when_every_message_passed()
    {
        await using var responder = await ResponderRun.StartAsync(Profile, _data.File("verdicts.jsonl"));
        var ids = await DeliverAsync(responder, "good", "good");

        var result = await CliRunner.RunAsync("conformance", "report", "--verdicts", responder.VerdictsPath, "--json");

        Assert.True(result.ExitCode == 0, result.ToString());
        using var document = JsonDocument.Parse(result.Out);
        var root = document.RootElement;
        Assert.Equal(2, root.GetProperty("messages").GetInt32());
        Assert.Equal(2, root.GetProperty("passed").GetInt32());
        Assert.Equal(0, root.GetProperty("failed").GetInt32());
        Assert.False(root.GetProperty("mustFailed").GetBoolean());
        var verdicts = root.GetProperty("verdicts").EnumerateArray().ToList();
        Assert.Equal(ids, verdicts.Select(v => v.GetProperty("messageId").GetString()!));
        Assert.All(verdicts, v =>
        {
            Assert.Equal("PASS", v.GetProperty("verdict").GetString());
            Assert.Equal("ACCEPTED", v.GetProperty("answer").GetProperty("kind").GetString());
            Assert.All(v.GetProperty("checks").EnumerateArray(), c =>
            {
                Assert.Matches(@"^WS-\d+-\d+$", c.GetProperty("requirement").GetString());
                Assert.Equal("MUST", c.GetProperty("level").GetString());
                Assert.Equal("pass", c.GetProperty("result").GetString());
            });
        });
    }

    [Fact]
    public async Task The_verdicts_hold_no_value_of_the_payloads_delivered()
    {
        await using var responder = await ResponderRun.StartAsync(Profile, _data.File("verdicts.jsonl"));
        using var sender = await ResponderJudgesSendersTests.SenderAsync(responder, federation);
        var envelope = ResponderJudgesSendersTests.Faulty("good", sender.Run, sender.Credentials);
        await sender.Run.DeliverAsync(envelope, CancellationToken.None);
        using var key = Core.Envelopes.Cms.RecipientKey.FromCertificate(
            CertificateFiles.LoadCertificateWithKey(federation.ParticipantFile("AL/NCP", "encryption.crt"), federation.ParticipantFile("AL/NCP", "encryption.key")));
        var content = SealedContent.Parser.ParseFrom(Core.Envelopes.CmsEnvelope.OpenReceived(envelope.Sealed.Memory, [key], int.MaxValue).Content.Span);

        var text = await File.ReadAllTextAsync(responder.VerdictsPath);

        var values = Strings(content.Payload).Where(v => v.Length >= 4).ToList();
        Assert.NotEmpty(values);
        Assert.All(values, value => Assert.DoesNotContain(value, text, StringComparison.Ordinal));
        Assert.DoesNotContain(content.Header.LegalBasis, text, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("127.0.0.1")]
    [InlineData("gateway.example:47100")]
    [InlineData("127.0.0.1:99999")]
    public async Task A_bad_listen_address_is_a_usage_error(string listen)
    {
        var result = await CliRunner.RunAsync("conformance", "responder", "--profile", Profile, "--listen", listen, "--verdicts", _data.File("v.jsonl"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"--listen '{listen}' must be HOST:PORT with an IP address, such as 127.0.0.1:47100", result.Error, StringComparison.Ordinal);
        Assert.Empty(result.Out);
        Assert.False(File.Exists(_data.File("v.jsonl")));
    }

    [Fact]
    public async Task A_missing_profile_or_one_without_encryption_files_is_a_usage_error_naming_it()
    {
        var missing = await CliRunner.RunAsync("conformance", "responder", "--profile", _data.File("none.json"), "--listen", "127.0.0.1:0", "--verdicts", _data.File("v.jsonl"));
        var profile = _data.File("no-encryption.json");
        var json = System.Text.Json.Nodes.JsonNode.Parse(await File.ReadAllTextAsync(Profile))!;
        json["encryption"] = new System.Text.Json.Nodes.JsonObject { ["certificate"] = "", ["key"] = "", ["chain"] = "" };
        foreach (var name in new[] { "tls", "signing" })
        {
            foreach (var file in new[] { "certificate", "key", "chain" })
            {
                json[name]![file] = Path.GetFullPath((string)json[name]![file]!, Path.GetDirectoryName(Profile)!);
            }
        }

        json["trustList"] = Path.GetFullPath((string)json["trustList"]!, Path.GetDirectoryName(Profile)!);
        json["operatorCertificate"] = Path.GetFullPath((string)json["operatorCertificate"]!, Path.GetDirectoryName(Profile)!);
        await File.WriteAllTextAsync(profile, json.ToJsonString());
        var noEncryption = await CliRunner.RunAsync("conformance", "responder", "--profile", profile, "--listen", "127.0.0.1:0", "--verdicts", _data.File("v.jsonl"));

        Assert.Equal(2, missing.ExitCode);
        Assert.Equal($"usage: conformance profile {_data.File("none.json")} does not exist", missing.Error.TrimEnd());
        Assert.Equal(2, noEncryption.ExitCode);
        Assert.Contains("lacks encryption.certificate or encryption.key", noEncryption.Error, StringComparison.Ordinal);
        Assert.False(missing.ShowsStackTrace || noEncryption.ShowsStackTrace);
    }

    [Fact]
    public async Task A_port_in_use_is_an_error_naming_the_address()
    {
        await using var first = await ResponderRun.StartAsync(Profile, _data.File("first.jsonl"));

        var result = await CliRunner.RunAsync("conformance", "responder", "--profile", Profile, "--listen", $"127.0.0.1:{first.Address.Port}", "--verdicts", _data.File("second.jsonl"));

        Assert.Equal(2, result.ExitCode);
        Assert.Contains($"127.0.0.1:{first.Address.Port}", result.Error, StringComparison.Ordinal);
        Assert.False(result.ShowsStackTrace, result.ToString());
        Assert.Empty(result.Out);
    }

    [Fact]
    public async Task Report_of_a_missing_or_foreign_file_is_a_usage_error()
    {
        var foreign = _data.File("foreign.jsonl");
        await File.WriteAllTextAsync(foreign, "not a verdict\n");

        var missing = await CliRunner.RunAsync("conformance", "report", "--verdicts", _data.File("none.jsonl"));
        var notVerdicts = await CliRunner.RunAsync("conformance", "report", "--verdicts", foreign);

        Assert.Equal(2, missing.ExitCode);
        Assert.Contains("does not exist", missing.Error, StringComparison.Ordinal);
        Assert.Equal(2, notVerdicts.ExitCode);
        Assert.Contains("line 1 is not a verdict", notVerdicts.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Responder_prints_its_participant_and_address_answers_until_stopped_and_stops_cleanly()
    {
        var verdicts = _data.File("cli.jsonl");
        using var responder = new RunningCli("conformance", "responder", "--profile", Profile, "--listen", "127.0.0.1:0", "--verdicts", verdicts);
        Assert.True(await Eventually.UntilAsync(() => responder.Out.Contains("listening on", StringComparison.Ordinal), TimeSpan.FromSeconds(15), TimeSpan.FromMilliseconds(50)), responder.Out + responder.Error);
        var started = System.Text.RegularExpressions.Regex.Match(responder.Out, @"^responder AL/NCP listening on (https://127\.0\.0\.1:\d+/); verdicts to (.+)$", System.Text.RegularExpressions.RegexOptions.Multiline);
        Assert.True(started.Success, responder.Out);
        Assert.Equal(verdicts, started.Groups[2].Value.TrimEnd());

        using (var credentials = Target.SenderCredentials.Load(Target.ConformanceProfile.Load(Harness.Profile(federation))))
        using (var run = new CaseRun(credentials, new Uri(started.Groups[1].Value), TimeProvider.System))
        {
            var (ping, refused) = await run.IdentifyAsync(CancellationToken.None);
            Assert.Null(refused);
            Assert.Equal("IT/NCP", ping!.VerifiedCaller);
            Assert.Equal("AL/NCP", ping.Responder);
        }

        Assert.Equal(0, await responder.StopAsync());
        Assert.EndsWith($"responder AL/NCP stopped{Environment.NewLine}", responder.Out, StringComparison.Ordinal);
        Assert.Empty(responder.Error.ToString());
        Assert.True(File.Exists(verdicts));
    }

    private async Task<List<string>> DeliverAsync(ResponderRun responder, params string[] faults)
    {
        using var sender = await ResponderJudgesSendersTests.SenderAsync(responder, federation);
        var ids = new List<string>();
        foreach (var fault in faults)
        {
            var envelope = ResponderJudgesSendersTests.Faulty(fault, sender.Run, sender.Credentials);
            await sender.Run.DeliverAsync(envelope, CancellationToken.None);
            ids.Add(envelope.Route.MessageId);
        }

        return ids;
    }

    /// <summary>Every string value of a message, at any depth.</summary>
    private static IEnumerable<string> Strings(IMessage message)
    {
        foreach (var field in message.Descriptor.Fields.InFieldNumberOrder())
        {
            var value = field.Accessor.GetValue(message);
            var items = field.IsRepeated ? ((System.Collections.IEnumerable)value).Cast<object>() : [value];
            foreach (var item in items)
            {
                if (field.FieldType == FieldType.String && item is string text)
                {
                    yield return text;
                }
                else if (field.FieldType == FieldType.Message && item is IMessage inner)
                {
                    foreach (var nested in Strings(inner))
                    {
                        yield return nested;
                    }
                }
            }
        }
    }
}
