using CrossBorder.Contracts.V1;
using CrossBorder.Core.Delivery.Notices;
using CrossBorder.Core.Delivery.States;

namespace CrossBorder.Core.Tests.Delivery.Notices;

/// <summary>
/// The notice rules as a hostile or careless sender meets them: the form refuses the whole notice
/// with INVALID_FORMAT, a reference refused for the notice's own form is MALFORMED and the others
/// are left to the inbox, and every state a notice moves a message to is a move the inbox allows.
/// </summary>
public sealed class NoticeRulesTests
{
    private static readonly string NoticeId = DeliveryParties.NewId();

    public static TheoryData<NoticeKind> Kinds => [NoticeKind.ConsentWithdrawal, NoticeKind.Rectification, NoticeKind.Erasure, NoticeKind.WrongTransfer];

    [Theory]
    [MemberData(nameof(Kinds))]
    public void A_known_kind_with_one_reference_has_the_form(NoticeKind kind)
    {
        Assert.Null(NoticeRules.CheckForm(Notice(kind, References(1))));
    }

    [Fact]
    public void A_notice_with_exactly_the_most_references_has_the_form_and_one_more_is_refused_invalid_format()
    {
        Assert.Null(NoticeRules.CheckForm(Notice(NoticeKind.Erasure, References(NoticeRules.MaxReferences))));

        var refused = NoticeRules.CheckForm(Notice(NoticeKind.Erasure, References(NoticeRules.MaxReferences + 1)));

        Assert.NotNull(refused);
        Assert.Equal(ReasonCode.InvalidFormat, refused.Reason);
        Assert.Contains("at most 100", refused.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(0)]
    [InlineData(5)]
    [InlineData(99)]
    [InlineData(-1)]
    public void A_notice_without_a_known_kind_is_refused_invalid_format(int kind)
    {
        var refused = NoticeRules.CheckForm(Notice((NoticeKind)kind, References(1)));

        Assert.NotNull(refused);
        Assert.Equal(ReasonCode.InvalidFormat, refused.Reason);
        Assert.Contains("names its kind", refused.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [MemberData(nameof(Kinds))]
    public void A_notice_naming_no_message_is_refused_invalid_format(NoticeKind kind)
    {
        var refused = NoticeRules.CheckForm(Notice(kind, []));

        Assert.NotNull(refused);
        Assert.Equal(ReasonCode.InvalidFormat, refused.Reason);
        Assert.Contains("at least one", refused.Detail, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData(NoticeKind.ConsentWithdrawal)]
    [InlineData(NoticeKind.Erasure)]
    [InlineData(NoticeKind.WrongTransfer)]
    public void Only_a_rectification_may_name_a_corrected_message(NoticeKind kind)
    {
        var notice = Notice(kind, References(1));
        notice.CorrectedBy = DeliveryParties.NewId();

        var refused = NoticeRules.CheckForm(notice);

        Assert.NotNull(refused);
        Assert.Equal(ReasonCode.InvalidFormat, refused.Reason);
        Assert.Contains("only a rectification", refused.Detail, StringComparison.Ordinal);
        notice.Kind = NoticeKind.Rectification;
        Assert.Null(NoticeRules.CheckForm(notice));
    }

    [Theory]
    [InlineData(NoticeKind.ConsentWithdrawal, true)]
    [InlineData(NoticeKind.Erasure, true)]
    [InlineData(NoticeKind.WrongTransfer, true)]
    [InlineData(NoticeKind.Rectification, false)]
    [InlineData(NoticeKind.Unspecified, false)]
    public void Withdrawal_erasure_and_wrong_transfer_erase_and_a_rectification_does_not(NoticeKind kind, bool erases)
    {
        Assert.Equal(erases, NoticeRules.Erases(kind));
    }

    [Fact]
    public void Prejudge_answers_one_result_per_reference_in_order_refusing_malformed_ones_and_leaving_the_others_to_the_inbox()
    {
        var good = DeliveryParties.NewId();
        var repeated = DeliveryParties.NewId();
        var corrected = DeliveryParties.NewId();
        var other = DeliveryParties.NewId();
        string[] references =
        [
            good,
            "not-a-message-id",
            repeated,
            good.ToUpperInvariant(),
            repeated,
            NoticeId,
            corrected,
            good[..31],
            good + "0",
            "",
            other,
        ];
        var notice = Notice(NoticeKind.Rectification, references);
        notice.CorrectedBy = corrected;

        var results = NoticeRules.Prejudge(notice, NoticeId);

        Assert.Equal(references, results.Select(r => r.MessageId));
        var expected = new[] { true, false, true, false, false, false, false, false, false, false, true };
        for (var i = 0; i < references.Length; i++)
        {
            var (outcome, reason) = expected[i]
                ? (NoticeReferenceOutcome.Unspecified, ReasonCode.Unspecified)
                : (NoticeReferenceOutcome.Refused, ReasonCode.Malformed);
            Assert.True((outcome, reason) == (results[i].Outcome, results[i].Reason), $"reference {i} ({references[i]}): expected {outcome}/{reason}, got {results[i].Outcome}/{results[i].Reason}");
        }
    }

    [Fact]
    public void Prejudge_of_a_withdrawal_without_a_corrected_message_refuses_no_empty_corrected_id_match()
    {
        // corrected_by is empty: an empty reference is refused because it is not an id, not because it equals it.
        var results = NoticeRules.Prejudge(Notice(NoticeKind.ConsentWithdrawal, [DeliveryParties.NewId(), DeliveryParties.NewId()]), NoticeId);

        Assert.All(results, r => Assert.Equal((NoticeReferenceOutcome.Unspecified, ReasonCode.Unspecified), (r.Outcome, r.Reason)));
    }

    public static TheoryData<NoticeKind, InboxState, InboxState?> Targets()
    {
        var data = new TheoryData<NoticeKind, InboxState, InboxState?>();
        foreach (var kind in new[] { NoticeKind.ConsentWithdrawal, NoticeKind.Erasure, NoticeKind.WrongTransfer })
        {
            data.Add(kind, InboxState.Received, InboxState.Withdrawn);
            data.Add(kind, InboxState.Offered, InboxState.Withdrawn);
            data.Add(kind, InboxState.Quarantined, InboxState.Withdrawn);
            data.Add(kind, InboxState.Acknowledged, InboxState.ErasureRequested);
            data.Add(kind, InboxState.Purged, InboxState.ErasureRequested);
        }

        foreach (var state in new[] { InboxState.Received, InboxState.Offered, InboxState.Quarantined, InboxState.Acknowledged, InboxState.Purged })
        {
            data.Add(NoticeKind.Rectification, state, InboxState.Superseded);
        }

        foreach (var kind in new[] { NoticeKind.ConsentWithdrawal, NoticeKind.Rectification, NoticeKind.Erasure, NoticeKind.WrongTransfer, NoticeKind.Unspecified })
        {
            foreach (var ended in new[] { InboxState.Withdrawn, InboxState.ErasureRequested, InboxState.Superseded, InboxState.ExpiredUnread })
            {
                data.Add(kind, ended, null);
            }
        }

        return data;
    }

    [Theory]
    [MemberData(nameof(Targets))]
    public void Target_moves_each_state_where_the_kind_sends_it_and_only_by_a_move_the_inbox_allows(NoticeKind kind, InboxState current, InboxState? expected)
    {
        var target = NoticeRules.Target(kind, current);

        Assert.Equal(expected, target);
        if (target is { } to)
        {
            Assert.True(InboxTransitions.IsAllowed(current, to), $"{current} -> {to} is not in the inbox state machine");
        }
    }

    [Fact]
    public void Every_inbox_state_is_covered_by_the_target_table()
    {
        var covered = Targets().Select(row => (InboxState)row[1]).Distinct().Order();

        Assert.Equal(Enum.GetValues<InboxState>().Order(), covered);
    }

    [Theory]
    [InlineData(NoticeKind.Unspecified)]
    [InlineData((NoticeKind)42)]
    public void Target_of_a_kind_that_does_not_act_on_messages_throws_for_a_live_message(NoticeKind kind)
    {
        Assert.Throws<ArgumentOutOfRangeException>(() => NoticeRules.Target(kind, InboxState.Received));
    }

    [Theory]
    [InlineData(NoticeKind.Erasure, NoticeKind.Rectification, true)]
    [InlineData(NoticeKind.ConsentWithdrawal, NoticeKind.Rectification, true)]
    [InlineData(NoticeKind.WrongTransfer, NoticeKind.Rectification, true)]
    [InlineData(NoticeKind.Rectification, NoticeKind.Erasure, false)]
    [InlineData(NoticeKind.Erasure, NoticeKind.ConsentWithdrawal, false)]
    [InlineData(NoticeKind.Rectification, NoticeKind.Rectification, false)]
    public void Of_two_awaiting_notices_an_erasing_one_outranks_a_rectification_and_otherwise_the_first_holds(NoticeKind candidate, NoticeKind held, bool outranks)
    {
        Assert.Equal(outranks, NoticeRules.Outranks(candidate, held));
    }

    private static CorrectionOrWithdrawalNotice Notice(NoticeKind kind, IEnumerable<string> references) => new()
    {
        Kind = kind,
        MessageReferences = { references },
    };

    private static string[] References(int count) => [.. Enumerable.Range(0, count).Select(_ => DeliveryParties.NewId())];
}
