using CrossBorder.Core.Delivery.States;

namespace CrossBorder.Core.Tests.Delivery.States;

/// <summary>
/// The stored texts of states: fixed forever (databases and audit hash chains hold them), each
/// parsed back to its state, anything else refused.
/// </summary>
public sealed class StateNamesTests
{
    public static TheoryData<AuditState, string> AuditTexts() => new()
    {
        { AuditState.Submitted, "SUBMITTED" },
        { AuditState.Queued, "QUEUED" },
        { AuditState.Sending, "SENDING" },
        { AuditState.RetryWait, "RETRY_WAIT" },
        { AuditState.Delivered, "DELIVERED" },
        { AuditState.Rejected, "REJECTED" },
        { AuditState.Failed, "FAILED" },
        { AuditState.Received, "RECEIVED" },
        { AuditState.Offered, "OFFERED" },
        { AuditState.Acknowledged, "ACKNOWLEDGED" },
        { AuditState.Purged, "PURGED" },
        { AuditState.Quarantined, "QUARANTINED" },
        { AuditState.Refusals, "REFUSALS" },
        { AuditState.Cancelled, "CANCELLED" },
        { AuditState.Withdrawn, "WITHDRAWN" },
        { AuditState.ErasureRequested, "ERASURE_REQUESTED" },
        { AuditState.Superseded, "SUPERSEDED" },
        { AuditState.ExpiredUnread, "EXPIRED_UNREAD" },
        { AuditState.NoticeAwaited, "NOTICE_AWAITED" },
        { AuditState.NoticeRefused, "NOTICE_REFUSED" },
    };

    public static TheoryData<OutboxState, string> OutboxTexts() => new()
    {
        { OutboxState.Queued, "QUEUED" },
        { OutboxState.Sending, "SENDING" },
        { OutboxState.RetryWait, "RETRY_WAIT" },
        { OutboxState.Delivered, "DELIVERED" },
        { OutboxState.Rejected, "REJECTED" },
        { OutboxState.Failed, "FAILED" },
        { OutboxState.Cancelled, "CANCELLED" },
    };

    public static TheoryData<InboxState, string> InboxTexts() => new()
    {
        { InboxState.Received, "RECEIVED" },
        { InboxState.Offered, "OFFERED" },
        { InboxState.Acknowledged, "ACKNOWLEDGED" },
        { InboxState.Purged, "PURGED" },
        { InboxState.Quarantined, "QUARANTINED" },
        { InboxState.Withdrawn, "WITHDRAWN" },
        { InboxState.ErasureRequested, "ERASURE_REQUESTED" },
        { InboxState.Superseded, "SUPERSEDED" },
        { InboxState.ExpiredUnread, "EXPIRED_UNREAD" },
    };

    [Theory]
    [MemberData(nameof(AuditTexts))]
    public void An_audit_state_is_stored_as_its_fixed_text_and_read_back(AuditState state, string text)
    {
        Assert.Equal(text, StateNames.Name(state));
        Assert.Equal(state, StateNames.ParseAudit(text));
    }

    [Theory]
    [MemberData(nameof(OutboxTexts))]
    public void An_outbox_state_is_stored_as_its_fixed_text_and_read_back_and_audited_under_the_same_text(OutboxState state, string text)
    {
        Assert.Equal(text, StateNames.Name(state));
        Assert.Equal(state, StateNames.ParseOutbox(text));
        Assert.Equal(text, StateNames.Name(AuditStates.Of(state)));
    }

    [Theory]
    [MemberData(nameof(InboxTexts))]
    public void An_inbox_state_is_stored_as_its_fixed_text_and_read_back_and_audited_under_the_same_text(InboxState state, string text)
    {
        Assert.Equal(text, StateNames.Name(state));
        Assert.Equal(state, StateNames.ParseInbox(text));
        Assert.Equal(text, StateNames.Name(AuditStates.Of(state)));
    }

    [Fact]
    public void Every_state_has_a_text_of_its_own()
    {
        Assert.Equal(Enum.GetValues<AuditState>().Length, AuditTexts().Count);
        Assert.Equal(Enum.GetValues<OutboxState>().Length, OutboxTexts().Count);
        Assert.Equal(Enum.GetValues<InboxState>().Length, InboxTexts().Count);
        Assert.Equal(Enum.GetValues<AuditState>().Length, Enum.GetValues<AuditState>().Select(StateNames.Name).Distinct(StringComparer.Ordinal).Count());
    }

    [Fact]
    public void Directions_are_stored_as_out_and_in()
    {
        Assert.Equal("OUT", StateNames.Name(AuditDirection.Out));
        Assert.Equal("IN", StateNames.Name(AuditDirection.In));
        Assert.Equal(AuditDirection.Out, StateNames.ParseDirection("OUT"));
        Assert.Equal(AuditDirection.In, StateNames.ParseDirection("IN"));
    }

    [Theory]
    [InlineData("queued")]
    [InlineData("Queued")]
    [InlineData(" QUEUED")]
    [InlineData("")]
    [InlineData("RetryWait")]
    [InlineData("SUBMITTED")]
    [InlineData("RECEIVED")]
    public void Text_that_names_no_outbox_state_is_refused_with_a_clear_error(string text)
    {
        var refused = Assert.Throws<FormatException>(() => StateNames.ParseOutbox(text));
        Assert.Contains("is not a known outbox state", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("received")]
    [InlineData("QUEUED")]
    [InlineData("REFUSALS")]
    public void Text_that_names_no_inbox_state_is_refused_with_a_clear_error(string text)
    {
        var refused = Assert.Throws<FormatException>(() => StateNames.ParseInbox(text));
        Assert.Contains("is not a known inbox state", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("delivered")]
    [InlineData("DELIVERED ")]
    [InlineData("RETRY-WAIT")]
    public void Text_that_names_no_audit_state_is_refused_with_a_clear_error(string text)
    {
        var refused = Assert.Throws<FormatException>(() => StateNames.ParseAudit(text));
        Assert.Contains("is not a known audit state", refused.Message, StringComparison.Ordinal);
    }

    [Theory]
    [InlineData("out")]
    [InlineData("OUTBOUND")]
    [InlineData("")]
    public void Text_that_names_no_direction_is_refused(string text)
    {
        Assert.Throws<FormatException>(() => StateNames.ParseDirection(text));
    }
}
