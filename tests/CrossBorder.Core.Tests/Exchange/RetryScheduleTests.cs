using CrossBorder.Core.Exchange;

namespace CrossBorder.Core.Tests.Exchange;

public sealed class RetryScheduleTests
{
    private static readonly RetrySchedule Schedule = new(TimeSpan.FromSeconds(2), TimeSpan.FromMinutes(5));

    [Theory]
    [InlineData(1, 2)]
    [InlineData(2, 4)]
    [InlineData(3, 8)]
    [InlineData(8, 256)]
    [InlineData(9, 300)]
    [InlineData(40, 300)]
    public void The_wait_doubles_per_attempt_up_to_the_maximum_and_jitter_keeps_it_between_half_and_all(int attempt, double ceilingSeconds)
    {
        Assert.Equal(ceilingSeconds / 2, Schedule.After(attempt, 0).TotalSeconds, 3);
        Assert.Equal(ceilingSeconds, Schedule.After(attempt, 1).TotalSeconds, 3);
        Assert.InRange(Schedule.After(attempt, 0.5).TotalSeconds, ceilingSeconds / 2, ceilingSeconds);
    }

    [Fact]
    public void Attempt_zero_is_not_a_failed_attempt() =>
        Assert.Throws<ArgumentOutOfRangeException>(() => Schedule.After(0, 0.5));
}
