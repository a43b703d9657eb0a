using CrossBorder.Contracts.V1;
using CrossBorder.Core.Delivery.Notices;
using static CrossBorder.Core.Tests.Policy.PolicyKit;

namespace CrossBorder.Core.Tests.Delivery.Notices;

/// <summary>
/// The retention a receiving gateway keeps beside the sealed bytes: read from field 15 of whatever
/// case message arrives, the erasure date's first moment at UTC midnight of its first day, and no
/// moment at all for a text that is not a date (an erasure is never invented from a bad value).
/// </summary>
public sealed class RetentionDatesTests
{
    [Fact]
    public void A_case_referral_s_retention_is_read_with_its_erasure_date_s_first_moment()
    {
        var dates = RetentionDates.Of(Example("case-referral"));

        Assert.Equal(new RetentionDates("2027-03-31", "2031-09-30", new DateTimeOffset(2031, 9, 30, 0, 0, 0, TimeSpan.Zero)), dates);
    }

    [Fact]
    public void A_notice_carries_its_own_retention_and_it_is_read_like_any_payload_s()
    {
        var dates = RetentionDates.Of(Example("correction-or-withdrawal-notice"));

        Assert.Equal(new RetentionDates("2027-10-31", "2031-10-31", new DateTimeOffset(2031, 10, 31, 0, 0, 0, TimeSpan.Zero)), dates);
    }

    public static TheoryData<string> Examples =>
    [
        "case-referral", "identity-confirmation-request", "identity-confirmation-response", "return-risk-assessment", "return-plan",
        "reception-confirmation", "child-protection-exchange", "law-enforcement-information", "correction-or-withdrawal-notice", "aggregate-statistics",
    ];

    [Theory]
    [MemberData(nameof(Examples))]
    public void Every_payload_type_s_field_15_is_read(string example)
    {
        var payload = Example(example);
        SetRetention(payload, new Retention { ReviewDate = "2027-05", ErasureDate = "2028" });

        var dates = RetentionDates.Of(payload);

        Assert.Equal(new RetentionDates("2027-05", "2028", new DateTimeOffset(2028, 1, 1, 0, 0, 0, TimeSpan.Zero)), dates);
    }

    [Theory]
    [MemberData(nameof(Examples))]
    public void A_payload_without_retention_has_none(string example)
    {
        var payload = Example(example);
        SetRetention(payload, null);

        Assert.Equal(RetentionDates.None, RetentionDates.Of(payload));
    }

    [Fact]
    public void An_empty_payload_and_an_empty_retention_have_none()
    {
        Assert.Equal(RetentionDates.None, RetentionDates.Of(new CasePayload()));
        Assert.Equal(RetentionDates.None, RetentionDates.Of(new CasePayload { ReturnPlan = new ReturnPlan { Retention = new Retention() } }));
    }

    [Fact]
    public void A_review_date_alone_sets_no_erasure_moment()
    {
        var dates = RetentionDates.Of(new CasePayload { ReturnPlan = new ReturnPlan { Retention = new Retention { ReviewDate = "2027-01-15" } } });

        Assert.Equal(new RetentionDates("2027-01-15", null, null), dates);
    }

    [Theory]
    [InlineData("2027-02-30")]
    [InlineData("2027-13")]
    [InlineData("31/12/2030")]
    [InlineData("2030-12-31T00:00:00Z")]
    [InlineData("1899")]
    public void An_erasure_date_that_is_not_a_date_never_becomes_an_erasure_moment(string erasure)
    {
        var dates = RetentionDates.Of(new CasePayload { CaseReferral = new CaseReferral { Retention = new Retention { ErasureDate = erasure } } });

        Assert.Null(dates.EraseAt);
    }

    [Theory]
    [InlineData("2027", 2027, 1, 1)]
    [InlineData("2027-05", 2027, 5, 1)]
    [InlineData("2027-05-31", 2027, 5, 31)]
    [InlineData("2028-02-29", 2028, 2, 29)]
    [InlineData("1900", 1900, 1, 1)]
    [InlineData("2100-12-31", 2100, 12, 31)]
    public void The_first_moment_of_a_partial_date_is_utc_midnight_of_its_first_day(string date, int year, int month, int day)
    {
        var moment = RetentionDates.FirstMoment(date);

        Assert.Equal(new DateTimeOffset(year, month, day, 0, 0, 0, TimeSpan.Zero), moment);
        Assert.Equal(TimeSpan.Zero, moment!.Value.Offset);
    }

    [Theory]
    [InlineData("")]
    [InlineData("27")]
    [InlineData("20270")]
    [InlineData("2027-5")]
    [InlineData("2027-05-1")]
    [InlineData("2027-00")]
    [InlineData("2027-05-00")]
    [InlineData("2027-05-32")]
    [InlineData("2027-02-29")]
    [InlineData("2027-04-31")]
    [InlineData("1899-12-31")]
    [InlineData("2101")]
    [InlineData("2027/05/31")]
    [InlineData("2027-05-31 ")]
    [InlineData(" 2027")]
    [InlineData("+2027")]
    [InlineData("-027")]
    [InlineData("２０２７")]
    [InlineData("٢٠٢٧")]
    [InlineData("2027-05-31T00:00:00Z")]
    [InlineData("9999-12-31")]
    public void A_text_that_is_not_a_partial_date_has_no_first_moment(string date)
    {
        Assert.Null(RetentionDates.FirstMoment(date));
    }

    /// <summary>Sets (or, with null, clears) field 15 of the payload's body, whatever its type.</summary>
    private static void SetRetention(CasePayload payload, Retention? retention)
    {
        var body = (Google.Protobuf.IMessage)CasePayload.Descriptor.FindFieldByNumber((int)payload.BodyCase).Accessor.GetValue(payload);
        var field = body.Descriptor.FindFieldByNumber(RetentionDates.RetentionField);
        Assert.Equal(Retention.Descriptor, field.MessageType);
        if (retention is null)
        {
            field.Accessor.Clear(body);
        }
        else
        {
            field.Accessor.SetValue(body, retention);
        }
    }
}
