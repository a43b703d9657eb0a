using CrossBorder.Contracts.V1;

namespace CrossBorder.Core.Storage;

/// <summary>How one delivery attempt ended.</summary>
public abstract record AttemptOutcome(DateTimeOffset At)
{
    /// <summary>A verified ACCEPTED receipt: DELIVERED (final).</summary>
    public sealed record Delivered(byte[] SignedReceipt, DateTimeOffset At) : AttemptOutcome(At);

    /// <summary>Refused for good (a REJECTED receipt, or a permanent error): REJECTED (final).</summary>
    public sealed record Rejected(ReasonCode Reason, byte[]? SignedReceipt, DateTimeOffset At) : AttemptOutcome(At);

    /// <summary>A transient failure: RETRY_WAIT until <paramref name="NextAttemptAt"/>.</summary>
    public sealed record Retry(ReasonCode Reason, DateTimeOffset NextAttemptAt, DateTimeOffset At) : AttemptOutcome(At);
}
