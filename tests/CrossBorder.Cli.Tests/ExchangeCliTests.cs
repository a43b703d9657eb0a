using CrossBorder.Cli.Tests.Infrastructure;

namespace CrossBorder.Cli.Tests;

/// <summary>
/// <c>crossborder send|inbox|status</c> (and <c>local whoami</c>) without a gateway: usage
/// errors exit 2, a payload the contract does not allow and an unreachable gateway exit 1 with
/// one <c>rejected: CODE: reason</c> line, and nothing ever shows a stack trace.
/// </summary>
[Collection(SharedFederation.Name)]
public sealed class ExchangeCliTests(FederationFixture federation) : IDisposable
{
    private const string MessageId = "0123456789abcdef0123456789abcdef";
    private static readonly string Examples = Path.Combine(RepositoryRoot.Path, "docs", "examples", "payloads");
    private readonly TempDirectory _directory = new();

    private static string Example(string name) => Path.Combine(Examples, name + ".json");

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData("--profile")]
    [InlineData("--to")]
    [InlineData("--purpose")]
    [InlineData("--legal-basis")]
    [InlineData("--payload")]
    public async Task Send_without_a_required_option_exits_2_naming_it(string option)
    {
        var args = SendArguments(UnreachableProfile());
        args.Remove(option);

        var result = await CliRunner.RunAsync(["send", .. args.SelectMany(kv => new[] { kv.Key, kv.Value })]);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.StartsWith("usage: ", result.Error, StringComparison.Ordinal);
        Assert.Contains($"'{option}' is required", result.Error, StringComparison.Ordinal);
        Assert.False(result.ShowsStackTrace, result.ToString());
    }

    [Theory]
    [InlineData("HOLIDAY")]
    [InlineData("PURPOSE_HOLIDAY")]
    [InlineData("UNSPECIFIED")]
    [InlineData("PURPOSE_UNSPECIFIED")]
    [InlineData("identity_verification")]
    public async Task Send_with_an_unknown_purpose_exits_2_listing_the_purposes(string purpose)
    {
        var result = await Send(UnreachableProfile(), ("--purpose", purpose));

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.StartsWith($"usage: --purpose '{purpose}' is not one of: TRANSNATIONAL_REFERRAL, IDENTITY_VERIFICATION, ", result.Error, StringComparison.Ordinal);
        Assert.False(result.ShowsStackTrace, result.ToString());
    }

    [Theory]
    [InlineData("AL-CONSULAR")]
    [InlineData("ALCONSULAR")]
    [InlineData("al/consular")]
    [InlineData("AL/CONSULAR/X")]
    public async Task Send_to_something_that_is_not_a_participant_id_exits_2(string recipient)
    {
        var result = await Send(UnreachableProfile(), ("--to", recipient));

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Equal($"usage: --to '{recipient}' is not a participant id (like AL/CONSULAR)", result.Error.TrimEnd());
    }

    [Theory]
    [InlineData("--legal-basis", "  ")]
    [InlineData("--in-reply-to", "not-a-message-id")]
    [InlineData("--in-reply-to", "0123456789ABCDEF0123456789ABCDEF")]
    public async Task Send_with_a_bad_legal_basis_or_reply_id_exits_2(string option, string value)
    {
        var result = await Send(UnreachableProfile(), (option, value));

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.StartsWith($"usage: {option} ", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"identityConfirmationRequest": {"person": {"familyName": "PROVA", "shoeSize": 42}}}""", "shoeSize")]
    [InlineData("""{"identityConfirmationRequest": {"remarks": "x"}, "attachment": "x"}""", "attachment")]
    [InlineData("""{"returnPlan": {"favouriteColour": "blue"}}""", "favouriteColour")]
    public async Task Send_of_a_payload_with_an_unknown_field_exits_1_with_UNKNOWN_FIELD_before_calling_the_gateway(string json, string field)
    {
        var payload = _directory.File("unknown-field.json");
        await File.WriteAllTextAsync(payload, json);

        var result = await Send(UnreachableProfile(), ("--payload", payload));

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.StartsWith("rejected: UNKNOWN_FIELD: ", result.Error, StringComparison.Ordinal);
        Assert.Contains($"'{field}'", result.Error, StringComparison.Ordinal);
        Assert.Single(Lines(result.Error));
        Assert.Equal("", result.Out);
    }

    [Theory]
    [InlineData("""{"identityConfirmationRequest": {"person": {"sex": "SEX_SECRET_VALUE"}}}""", "identity_confirmation_request.person.sex")]
    [InlineData("""{"returnPlan": {"onwardTransfer": 7}}""", "return_plan.onward_transfer")]
    public async Task Send_of_a_payload_with_an_enum_value_the_contract_does_not_define_exits_1_with_UNKNOWN_FIELD_naming_the_path(string json, string path)
    {
        var payload = _directory.File("undefined-enum.json");
        await File.WriteAllTextAsync(payload, json);

        var result = await Send(UnreachableProfile(), ("--payload", payload));

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.StartsWith($"rejected: UNKNOWN_FIELD: --payload {payload}: {path}: a value the enum ", result.Error, StringComparison.Ordinal);
        Assert.Single(Lines(result.Error));
        Assert.DoesNotContain("SECRET_VALUE", result.Error, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("""{"identityConfirmationRequest": {"internationalProtection": true, "internationalProtection": false}}""")]
    [InlineData("""{"identityConfirmationRequest": {"answerNeededBy": 20261030}}""")]
    [InlineData("not json at all")]
    [InlineData("{}")]
    public async Task Send_of_a_payload_that_is_not_a_CasePayload_exits_1_with_MALFORMED_and_no_value(string json)
    {
        var payload = _directory.File("malformed.json");
        await File.WriteAllTextAsync(payload, json);

        var result = await Send(UnreachableProfile(), ("--payload", payload));

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.StartsWith("rejected: MALFORMED: ", result.Error, StringComparison.Ordinal);
        Assert.Single(Lines(result.Error));
        Assert.DoesNotContain("SECRET_VALUE", result.Error, StringComparison.Ordinal);
        Assert.DoesNotContain("20261030", result.Error, StringComparison.Ordinal);
        Assert.False(result.ShowsStackTrace, result.ToString());
    }

    [Fact]
    public async Task Send_of_a_missing_payload_file_exits_2()
    {
        var result = await Send(UnreachableProfile(), ("--payload", _directory.File("missing.json")));

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.StartsWith("usage: --payload ", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Send_to_an_unreachable_gateway_exits_1_with_UNAVAILABLE_naming_the_gateway()
    {
        var (profile, address) = UnreachableGateway();

        var result = await Send(profile);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Equal($"rejected: UNAVAILABLE: the gateway at {address} did not answer", result.Error.TrimEnd());
        Assert.Equal("", result.Out);
    }

    [Theory]
    [InlineData("inbox")]
    [InlineData("inbox", "--wait", "1", "--max", "5")]
    [InlineData("status", "--id", MessageId)]
    [InlineData("local", "whoami")]
    public async Task Other_calls_to_an_unreachable_gateway_exit_1_with_UNAVAILABLE(params string[] command)
    {
        var (profile, address) = UnreachableGateway();

        var result = await CliRunner.RunAsync([.. command, "--profile", profile]);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Equal($"rejected: UNAVAILABLE: the gateway at {address} did not answer", result.Error.TrimEnd());
        Assert.Equal("", result.Out);
    }

    [Theory]
    [InlineData("send")]
    [InlineData("inbox")]
    [InlineData("status")]
    [InlineData("local whoami")]
    public async Task A_missing_profile_exits_2_naming_it(string command)
    {
        var missing = _directory.File("no-such-profile.json");

        var result = await Run(command, missing);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Equal($"usage: --profile {missing}: cannot read the client profile", result.Error.TrimEnd());
    }

    [Theory]
    [InlineData("send", "this is not JSON")]
    [InlineData("inbox", """{"Gateway": "http://127.0.0.1:1", "Certificate": "c", "Key": "k", "GatewayCa": "ca"}""")]
    [InlineData("status", """{"Gateway": "https://127.0.0.1:1", "Certificate": "missing.crt", "Key": "missing.key", "GatewayCa": "missing-ca.crt"}""")]
    [InlineData("local whoami", """{"Gateway": "https://127.0.0.1:1"}""")]
    public async Task An_unusable_profile_exits_2_naming_it(string command, string content)
    {
        var profile = _directory.File("bad-profile.json");
        await File.WriteAllTextAsync(profile, content);

        var result = await Run(command, profile);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.StartsWith($"usage: --profile {profile}: ", result.Error, StringComparison.Ordinal);
        Assert.Single(Lines(result.Error));
        Assert.False(result.ShowsStackTrace, result.ToString());
    }

    [Theory]
    [InlineData("""{"Gateway": "https://127.0.0.1:1", "Certificate": "c", "Key": "k", "GatewayCa": "ca", "Proxy": "https://elsewhere"}""", "'Proxy' is not a field of a client profile")]
    [InlineData("""{"Gateway": "https://127.0.0.1:1", "Certificate": "c", "Key": "k", "GatewayCa": "ca", "Gateway": "https://elsewhere"}""", "'Gateway' is given twice")]
    [InlineData("""{"gateway": "https://127.0.0.1:1", "Certificate": "c", "Key": "k", "GatewayCa": "ca"}""", "'gateway' is not a field of a client profile")]
    public async Task A_profile_with_a_property_it_does_not_define_or_one_given_twice_is_refused_as_unknown_field(string content, string says)
    {
        var profile = _directory.File("strict-profile.json");
        await File.WriteAllTextAsync(profile, content);

        var result = await Run("local whoami", profile);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Equal($"rejected: UNKNOWN_FIELD: client profile {profile}: {says}", result.Error.TrimEnd());
    }

    [Theory]
    [InlineData("--wait", "3601")]
    [InlineData("--wait", "-1")]
    [InlineData("--max", "many")]
    public async Task Inbox_with_bad_options_exits_2(params string[] options)
    {
        var result = await CliRunner.RunAsync(["inbox", "--profile", UnreachableProfile(), .. options]);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.StartsWith("usage: ", result.Error, StringComparison.Ordinal);
        Assert.False(result.ShowsStackTrace, result.ToString());
    }

    [Fact]
    public async Task Inbox_ack_without_a_place_to_keep_the_payloads_is_refused_before_anything_is_read()
    {
        var result = await CliRunner.RunAsync("inbox", "--profile", UnreachableProfile(), "--ack");

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.StartsWith("usage: --ack needs --out DIR or --json", result.Error, StringComparison.Ordinal);
    }

    [Fact]
    public async Task Inbox_out_creates_its_folder_owner_only_even_when_the_gateway_is_unreachable()
    {
        var received = Path.Combine(_directory.Path, "received");

        var result = await CliRunner.RunAsync("inbox", "--profile", UnreachableProfile(), "--out", received, "--ack");

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.StartsWith("rejected: UNAVAILABLE: ", result.Error, StringComparison.Ordinal);
        Assert.True(Directory.Exists(received));
        Assert.Empty(Directory.GetFileSystemEntries(received));
        if (!OperatingSystem.IsWindows())
        {
            Assert.Equal(UnixFileMode.UserRead | UnixFileMode.UserWrite | UnixFileMode.UserExecute, File.GetUnixFileMode(received));
        }
    }

    [Theory]
    [InlineData("abc")]
    [InlineData("0123456789ABCDEF0123456789ABCDEF")]
    [InlineData("../0123456789abcdef0123456789ab")]
    public async Task Status_of_something_that_is_not_a_message_id_exits_2(string id)
    {
        var result = await CliRunner.RunAsync("status", "--profile", UnreachableProfile(), "--id", id);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Equal($"usage: --id '{id}' is not a message id (32 lower-case hex digits)", result.Error.TrimEnd());
    }

    [Theory]
    [InlineData("send", "submitted: <message_id> conversation <conversation_id>")]
    [InlineData("inbox", "<message_id> from <sender> <MESSAGE_TYPE> purpose <PURPOSE> created <time> received <time>")]
    [InlineData("status", "<message_id> <current_state>")]
    public async Task Help_describes_the_output_format(string command, string format)
    {
        var result = await CliRunner.RunAsync(command, "--help");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.Contains("Output:", result.Out, StringComparison.Ordinal);
        Assert.Contains(format, result.Out, StringComparison.Ordinal);
        Assert.Equal("", result.Error);
    }

    [Fact]
    public async Task The_command_list_shows_one_line_per_command()
    {
        var result = await CliRunner.RunAsync("--help");

        Assert.True(result.ExitCode == 0, result.ToString());
        Assert.DoesNotContain("Output:", result.Out, StringComparison.Ordinal);
        foreach (var command in new[] { "send", "inbox", "status" })
        {
            Assert.Single(Lines(result.Out), line => line.StartsWith($"  {command} ", StringComparison.Ordinal));
        }
    }

    private static string[] Lines(string text) => text.Split('\n', StringSplitOptions.RemoveEmptyEntries);

    private static Dictionary<string, string> SendArguments(string profile) => new()
    {
        ["--profile"] = profile,
        ["--to"] = "AL/CONSULAR",
        ["--purpose"] = "IDENTITY_VERIFICATION",
        ["--legal-basis"] = "AL-IT/2019/TRM-MoU art. 6",
        ["--payload"] = Example("identity-confirmation-request"),
    };

    private static Task<CliResult> Send(string profile, params (string Option, string Value)[] changes)
    {
        var args = SendArguments(profile);
        foreach (var (option, value) in changes)
        {
            args[option] = value;
        }

        return CliRunner.RunAsync(["send", .. args.SelectMany(kv => new[] { kv.Key, kv.Value })]);
    }

    /// <summary>Runs <paramref name="command"/> with <paramref name="profile"/> and otherwise valid options.</summary>
    private static Task<CliResult> Run(string command, string profile) => command switch
    {
        "send" => Send(profile),
        "status" => CliRunner.RunAsync("status", "--profile", profile, "--id", MessageId),
        _ => CliRunner.RunAsync([.. command.Split(' '), "--profile", profile]),
    };

    private string UnreachableProfile() => UnreachableGateway().Profile;

    private (string Profile, string Address) UnreachableGateway() => Infrastructure.UnreachableGateway.Profile(federation, _directory);
}
