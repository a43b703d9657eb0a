using CrossBorder.Cli.Commands;
using CrossBorder.Cli.Tests.Infrastructure;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Delivery.Notices;
using CrossBorder.Core.Policy;
using CrossBorder.Core.Trust;
using Microsoft.Extensions.Time.Testing;

namespace CrossBorder.Cli.Tests;

/// <summary>
/// <c>crossborder notify</c> without a gateway: every mistake the recipient would refuse is a usage
/// error (exit 2) naming the option before anything is sent, and the notice it builds has the form
/// the notice rules ask for and passes the default policy.
/// </summary>
[Collection(SharedFederation.Name)]
public sealed class NotifyCliTests(FederationFixture federation) : IDisposable
{
    private const string First = "0123456789abcdef0123456789abcdef";
    private const string Second = "fedcba9876543210fedcba9876543210";
    private const string NoticeId = "00000000000000000000000000000001";
    private readonly TempDirectory _directory = new();

    public void Dispose() => _directory.Dispose();

    [Theory]
    [InlineData("--kind", "holiday", "usage: --kind 'holiday' is not one of: withdrawal, rectification, erasure, wrong-transfer")]
    [InlineData("--kind", "CONSENT_WITHDRAWAL", "usage: --kind 'CONSENT_WITHDRAWAL' is not one of: withdrawal, rectification, erasure, wrong-transfer")]
    [InlineData("--kind", "Withdrawal", "usage: --kind 'Withdrawal' is not one of: withdrawal, rectification, erasure, wrong-transfer")]
    [InlineData("--references", "", "usage: --references must name at least one message id")]
    [InlineData("--references", " ", "usage: --references must name at least one message id")]
    [InlineData("--references", First + ",", "usage: --references has an empty entry: give message ids separated by single commas")]
    [InlineData("--references", First + ",," + Second, "usage: --references has an empty entry: give message ids separated by single commas")]
    [InlineData("--references", First + "," + First, "usage: --references: " + First + " is listed twice")]
    [InlineData("--references", "not-a-message-id", "usage: --references: 'not-a-message-id' is not a message id (32 lower-case hex digits)")]
    [InlineData("--references", "0123456789ABCDEF0123456789ABCDEF", "usage: --references: '0123456789ABCDEF0123456789ABCDEF' is not a message id (32 lower-case hex digits)")]
    [InlineData("--references", First + "0", "usage: --references: '" + First + "0' is not a message id (32 lower-case hex digits)")]
    [InlineData("--to", "AL-NCP", "usage: --to 'AL-NCP' is not a participant id (like AL/CONSULAR)")]
    [InlineData("--legal-basis", "  ", "usage: --legal-basis must name the legal instrument the transfer rests on")]
    [InlineData("--submission-key", "a key", "usage: --submission-key must be 1 to 64 letters, digits, '-' or '_'")]
    public async Task A_bad_option_exits_2_with_one_usage_line_before_anything_is_sent(string option, string value, string expected)
    {
        var result = await Notify((option, value));

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Equal(expected, result.Error.TrimEnd());
        Assert.Equal("", result.Out);
    }

    [Theory]
    [InlineData("withdrawal")]
    [InlineData("erasure")]
    [InlineData("wrong-transfer")]
    public async Task Corrected_by_with_a_kind_other_than_rectification_exits_2(string kind)
    {
        var result = await Notify(("--kind", kind), ("--corrected-by", Second));

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Equal($"usage: --corrected-by is only for --kind rectification, not {kind}", result.Error.TrimEnd());
    }

    [Theory]
    [InlineData("abc", "usage: --corrected-by 'abc' is not a message id (32 lower-case hex digits)")]
    [InlineData("FEDCBA9876543210FEDCBA9876543210", "usage: --corrected-by 'FEDCBA9876543210FEDCBA9876543210' is not a message id (32 lower-case hex digits)")]
    [InlineData("", "usage: --corrected-by '' is not a message id (32 lower-case hex digits)")]
    [InlineData(First, "usage: --corrected-by " + First + " is also in --references: the corrected message cannot be one it corrects")]
    public async Task A_rectification_with_a_bad_corrected_by_exits_2(string correctedBy, string expected)
    {
        var result = await Notify(("--kind", "rectification"), ("--corrected-by", correctedBy));

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Equal(expected, result.Error.TrimEnd());
    }

    [Fact]
    public async Task More_references_than_a_notice_may_carry_exit_2()
    {
        var ids = Enumerable.Range(0, NoticeRules.MaxReferences + 1).Select(i => i.ToString("x32", System.Globalization.CultureInfo.InvariantCulture));

        var result = await Notify(("--references", string.Join(',', ids)));

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Equal($"usage: --references names {NoticeRules.MaxReferences + 1} messages; a notice names at most {NoticeRules.MaxReferences}", result.Error.TrimEnd());
    }

    [Theory]
    [InlineData("--profile")]
    [InlineData("--to")]
    [InlineData("--kind")]
    [InlineData("--references")]
    public async Task A_missing_required_option_exits_2_naming_it(string option)
    {
        var args = Arguments(UnreachableGateway.Profile(federation, _directory).Profile);
        args.Remove(option);

        var result = await CliRunner.RunAsync(["notify", .. args.SelectMany(kv => new[] { kv.Key, kv.Value })]);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.StartsWith("usage: ", result.Error, StringComparison.Ordinal);
        Assert.Contains($"'{option}' is required", result.Error, StringComparison.Ordinal);
        Assert.False(result.ShowsStackTrace, result.ToString());
    }

    [Fact]
    public async Task A_well_formed_notice_goes_to_the_gateway_and_an_unreachable_one_exits_1_with_UNAVAILABLE()
    {
        var (profile, address) = UnreachableGateway.Profile(federation, _directory);

        var args = Arguments(profile);
        args["--references"] = $"{First}, {Second}";

        var result = await CliRunner.RunAsync(["notify", .. args.SelectMany(kv => new[] { kv.Key, kv.Value })]);

        Assert.True(result.ExitCode == 1, result.ToString());
        Assert.Equal($"rejected: UNAVAILABLE: the gateway at {address} did not answer", result.Error.TrimEnd());
        Assert.Equal("", result.Out);
    }

    [Fact]
    public async Task A_missing_profile_exits_2_naming_it()
    {
        var missing = _directory.File("no-such-profile.json");

        var result = await CliRunner.RunAsync(["notify", .. Arguments(missing).SelectMany(kv => new[] { kv.Key, kv.Value })]);

        Assert.True(result.ExitCode == 2, result.ToString());
        Assert.Equal($"usage: --profile {missing}: cannot read the client profile", result.Error.TrimEnd());
    }

    [Fact]
    public async Task Help_describes_the_output_and_the_command_list_shows_it_once()
    {
        var help = await CliRunner.RunAsync("notify", "--help");
        var list = await CliRunner.RunAsync("--help");

        Assert.True(help.ExitCode == 0, help.ToString());
        Assert.Contains("submitted: <message_id> conversation <conversation_id>", help.Out, StringComparison.Ordinal);
        Assert.Contains("cancelled: <message_id>", help.Out, StringComparison.Ordinal);
        Assert.Contains("withdrawal, rectification, erasure, wrong-transfer", help.Out, StringComparison.Ordinal);
        Assert.Single(list.Out.Split('\n'), line => line.StartsWith("  notify ", StringComparison.Ordinal));
    }

    [Theory]
    [InlineData("withdrawal", NoticeKind.ConsentWithdrawal, NoticeAction.Erase)]
    [InlineData("rectification", NoticeKind.Rectification, NoticeAction.ReplaceWithCorrectedMessage)]
    [InlineData("erasure", NoticeKind.Erasure, NoticeAction.Erase)]
    [InlineData("wrong-transfer", NoticeKind.WrongTransfer, NoticeAction.Erase)]
    public void Each_kind_becomes_its_notice_kind_and_action_effective_now_with_the_references_in_order(string kind, NoticeKind expected, NoticeAction action)
    {
        var time = new FakeTimeProvider(new DateTimeOffset(2026, 12, 3, 10, 15, 30, 250, TimeSpan.FromHours(1)));

        var notice = NotifyCommand.Notice(kind, $"{Second},{First}", null, time.GetUtcNow());

        Assert.Equal(expected, notice.Kind);
        Assert.Equal(action, notice.RequestedAction);
        Assert.Equal([Second, First], notice.MessageReferences);
        Assert.Equal("2026-12-03T09:15:30Z", notice.EffectiveAt);
        Assert.Equal("", notice.CorrectedBy);
        Assert.Null(notice.Retention);
        Assert.Null(NoticeRules.CheckForm(notice));
        Assert.All(NoticeRules.Prejudge(notice, NoticeId), r => Assert.Equal(NoticeReferenceOutcome.Unspecified, r.Outcome));
    }

    [Fact]
    public void A_rectification_names_its_corrected_message()
    {
        var notice = NotifyCommand.Notice("rectification", First, Second, DateTimeOffset.UnixEpoch);

        Assert.Equal(Second, notice.CorrectedBy);
        Assert.Equal("1970-01-01T00:00:00Z", notice.EffectiveAt);
        Assert.Null(NoticeRules.CheckForm(notice));
    }

    [Theory]
    [InlineData("withdrawal", "AL/NCP")]
    [InlineData("rectification", "AL/CONSULAR")]
    [InlineData("erasure", "GR/NCP")]
    [InlineData("wrong-transfer", "AL/NCP")]
    public void The_default_policy_lets_the_whole_notice_through_for_data_subject_rights(string kind, string to)
    {
        var notice = new CasePayload { CorrectionOrWithdrawalNotice = NotifyCommand.Notice(kind, First, kind == "rectification" ? Second : null, DateTimeOffset.UnixEpoch) };
        HashSet<ParticipantRole> ncp = [ParticipantRole.Ncp, ParticipantRole.ChildProtection, ParticipantRole.Coordinator];
        HashSet<ParticipantRole> recipient = to == "AL/CONSULAR" ? [ParticipantRole.Consular] : ncp;
        var context = new PolicyContext(
            MessageType.CorrectionOrWithdrawalNotice, ParticipantId.Parse("IT/NCP"), ncp, ParticipantId.Parse(to), recipient, Purpose.DataSubjectRights, TimeProvider.System.GetUtcNow());

        var outcome = PolicyLoader.LoadDefault().Evaluate(notice, context, new DerivedPseudonymKeySource(new byte[32], "k1"));

        Assert.Equal(notice, Assert.IsType<PolicyAllowed>(outcome).Payload);
    }

    [Fact]
    public void The_dev_gateways_may_cite_the_default_legal_basis() =>
        Assert.Contains(NotifyCommand.DefaultLegalBasis, DevPki.DevFederationSpec.LegalBases);

    private static Dictionary<string, string> Arguments(string profile) => new()
    {
        ["--profile"] = profile,
        ["--to"] = "AL/NCP",
        ["--kind"] = "withdrawal",
        ["--references"] = First,
    };

    private Task<CliResult> Notify(params (string Option, string Value)[] changes)
    {
        var args = Arguments(UnreachableGateway.Profile(federation, _directory).Profile);
        foreach (var (option, value) in changes)
        {
            args[option] = value;
        }

        return CliRunner.RunAsync(["notify", .. args.SelectMany(kv => new[] { kv.Key, kv.Value })]);
    }
}
