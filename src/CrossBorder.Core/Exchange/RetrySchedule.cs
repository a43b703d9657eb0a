namespace CrossBorder.Core.Exchange;

/// <summary>
/// Exponential backoff with "equal jitter" ("Exponential Backoff and Jitter", AWS Architecture
/// Blog): attempt n waits a random time in [w/2, w] with w = min(initial·2^(n-1), maximum), so
/// that senders that failed together do not retry together and none retries at once. The schedule is computed here and
/// stored with the message, so retries survive a restart (an in-memory retry pipeline would not).
/// </summary>
/// <param name="Initial">The wait after the first failed attempt (before jitter).</param>
/// <param name="Maximum">The longest wait.</param>
public sealed record RetrySchedule(TimeSpan Initial, TimeSpan Maximum)
{
    /// <summary>The wait after attempt <paramref name="attempt"/> (1-based) failed; <paramref name="random"/> in [0, 1).</summary>
    public TimeSpan After(int attempt, double random)
    {
        ArgumentOutOfRangeException.ThrowIfLessThan(attempt, 1);
        var exponent = Math.Min(attempt - 1, 30);
        var ceiling = Math.Min(Initial.TotalMilliseconds * Math.Pow(2, exponent), Maximum.TotalMilliseconds);
        return TimeSpan.FromMilliseconds(ceiling / 2 + (ceiling / 2 * random));
    }
}
