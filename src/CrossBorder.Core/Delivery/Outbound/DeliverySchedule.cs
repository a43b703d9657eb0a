using CrossBorder.Core.Exchange;

namespace CrossBorder.Core.Delivery.Outbound;

/// <summary>
/// The timing of delivery attempts: each attempt's deadline, the lease it holds, and the backoff
/// with jitter between attempts. The jitter's source is injected (a seeded one in tests), never
/// the shared random generator.
/// </summary>
public sealed class DeliverySchedule(TimeSpan deliveryTimeout, RetrySchedule retry, Random jitter)
{
    /// <summary>The deadline of one peer call.</summary>
    public TimeSpan DeliveryTimeout { get; } = deliveryTimeout;

    /// <summary>The lease an attempt holds on its message: twice the attempt's deadline.</summary>
    public TimeSpan Lease => DeliveryTimeout * 2;

    /// <summary>The wait before the next attempt after <paramref name="attempts"/> attempts failed transiently.</summary>
    public TimeSpan RetryAfter(int attempts)
    {
        double sample;
        lock (jitter)
        {
            // Random is not thread-safe; attempts finish on many threads.
            sample = jitter.NextDouble();
        }

        return retry.After(Math.Max(1, attempts), sample);
    }
}
