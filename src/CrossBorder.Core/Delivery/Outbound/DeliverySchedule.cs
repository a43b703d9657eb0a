using CrossBorder.Core.Exchange;

namespace CrossBorder.Core.Delivery.Outbound;

/// <summary>The timing of delivery attempts: each attempt's deadline and the backoff between attempts.</summary>
/// <param name="DeliveryTimeout">The deadline of one peer call.</param>
/// <param name="Retry">The backoff with jitter after a transient failure.</param>
public sealed record DeliverySchedule(TimeSpan DeliveryTimeout, RetrySchedule Retry)
{
    /// <summary>The lease an attempt holds on its message: twice the attempt's deadline.</summary>
    public TimeSpan Lease => DeliveryTimeout * 2;
}
