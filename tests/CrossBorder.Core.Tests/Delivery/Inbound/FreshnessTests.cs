using CrossBorder.Contracts.V1;
using CrossBorder.Core.Delivery;
using CrossBorder.Core.Delivery.Inbound;
using Google.Protobuf.WellKnownTypes;

namespace CrossBorder.Core.Tests.Delivery.Inbound;

/// <summary>Freshness: creation within the skew, not expired, a lifetime this gateway accepts; STALE otherwise.</summary>
public sealed class FreshnessTests
{
    private static readonly DateTimeOffset Now = new(2026, 12, 1, 12, 0, 0, TimeSpan.Zero);
    private static readonly Freshness Check = new(new DeliverySettings(64 * 1024, TimeSpan.FromMinutes(5), TimeSpan.FromDays(14)));

    [Fact]
    public void A_message_created_now_for_a_week_is_fresh() =>
        Assert.Null(Check.Check(Route(Now, Now.AddDays(7)), Now));

    [Fact]
    public void A_message_created_within_the_skew_in_the_future_is_fresh() =>
        Assert.Null(Check.Check(Route(Now.AddMinutes(4), Now.AddDays(7)), Now));

    [Theory]
    [InlineData(6, 7 * 24 * 60)]
    [InlineData(-60, -1)]
    [InlineData(0, 15 * 24 * 60)]
    [InlineData(0, 0)]
    public void Created_beyond_the_skew_expired_too_long_lived_or_empty_is_stale(int createdMinutes, int expiresMinutes) =>
        Assert.Equal(ReasonCode.Stale, Check.Check(Route(Now.AddMinutes(createdMinutes), Now.AddMinutes(expiresMinutes)), Now)?.Reason);

    private static RouteHeader Route(DateTimeOffset created, DateTimeOffset expires) => new()
    {
        CreatedAt = Timestamp.FromDateTimeOffset(created),
        ExpiresAt = Timestamp.FromDateTimeOffset(expires),
    };
}
