using System.Globalization;

namespace CrossBorder.Gateway.Tests.Replicas;

/// <summary>How long the soak's traffic runs: <c>CROSSBORDER_SOAK_SECONDS</c>, 120 when unset (the normal suite's short form).</summary>
internal static class SoakDuration
{
    public const string Variable = "CROSSBORDER_SOAK_SECONDS";
    public const int DefaultSeconds = 120;

    /// <summary>The seconds <paramref name="value"/> says; anything but a whole number from 30 to 86400 fails the test naming the variable.</summary>
    public static int Seconds(string? value)
    {
        if (string.IsNullOrEmpty(value))
        {
            return DefaultSeconds;
        }

        Assert.True(
            int.TryParse(value, NumberStyles.None, CultureInfo.InvariantCulture, out var seconds) && seconds is >= 30 and <= 86_400,
            $"{Variable} must be a whole number of seconds from 30 to 86400, not '{value}'");
        return seconds;
    }
}
