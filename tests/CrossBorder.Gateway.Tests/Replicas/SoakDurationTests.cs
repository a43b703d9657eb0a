namespace CrossBorder.Gateway.Tests.Replicas;

public sealed class SoakDurationTests
{
    [Theory]
    [InlineData(null, 120)]
    [InlineData("", 120)]
    [InlineData("30", 30)]
    [InlineData("1800", 1800)]
    public void The_duration_comes_from_the_environment_or_defaults_to_two_minutes(string? value, int seconds) =>
        Assert.Equal(seconds, SoakDuration.Seconds(value));

    [Theory]
    [InlineData("0")]
    [InlineData("29")]
    [InlineData("-120")]
    [InlineData("2m")]
    [InlineData("120.5")]
    [InlineData(" 120")]
    [InlineData("86401")]
    public void A_duration_that_makes_no_sense_fails_with_a_message_naming_the_variable(string value)
    {
        var error = Assert.ThrowsAny<Xunit.Sdk.XunitException>(() => SoakDuration.Seconds(value));
        Assert.Contains(SoakDuration.Variable, error.Message, StringComparison.Ordinal);
        Assert.Contains($"'{value}'", error.Message, StringComparison.Ordinal);
    }
}
