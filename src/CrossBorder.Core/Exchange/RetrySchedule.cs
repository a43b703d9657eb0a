namespace CrossBorder.Core.Exchange;

/// <summary>
/// Exponential backoff with full jitter ("Exponential Backoff and Jitter", AWS Architecture
/// Blog): attempt n waits a random time in [initial·2^(n-1)/2, initial·2^(n-1)], capped, so
/// that senders that failed together do not retry together. The schedule is computed here and
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
