using CrossBorder.Contracts.V1;
using CrossBorder.Core.Delivery.States;

namespace CrossBorder.Core.Storage;

/// <summary>The bounds of every <see cref="IOperationsView"/> query.</summary>
public static class OperationsLimits
{
    /// <summary>The most messages one query answers.</summary>
    public const int MaxMessages = 200;

    /// <summary>The longest time window of a query.</summary>
    public static readonly TimeSpan MaxWindow = TimeSpan.FromDays(31);

    /// <summary>The most buckets of a rate or refusal query.</summary>
    public const int MaxBuckets = 1440;

    /// <summary>The most peers of one activity query.</summary>
    public const int MaxPeers = 1000;

    /// <summary>How far back a peer's last success and failure are looked for.</summary>
    public static readonly TimeSpan Lookback = TimeSpan.FromDays(7);

    /// <summary>The longest id part a message query searches for.</summary>
    public const int MaxIdPart = 64;

    /// <summary>Checks a time window and its buckets; throws <see cref="ArgumentOutOfRangeException"/> outside the bounds.</summary>
    public static void CheckWindow(DateTimeOffset from, DateTimeOffset to, TimeSpan? bucket = null)
    {
        if (to <= from || to - from > MaxWindow)
        {
            throw new ArgumentOutOfRangeException(nameof(to), "the window must be positive and at most MaxWindow long");
        }

        if (bucket is { } b && (b < TimeSpan.FromSeconds(1) || (to - from).Ticks / b.Ticks >= MaxBuckets))
        {
            throw new ArgumentOutOfRangeException(nameof(bucket), "a bucket is at least a second and a window at most MaxBuckets buckets");
        }
    }
}

/// <summary>
/// A search of the messages: an id or a part of one (hex digits and dashes only), a peer, a type, a
/// state, in a window [<see cref="From"/>, <see cref="To"/>), at most <see cref="Limit"/> answers.
/// The constructor refuses anything outside the bounds of <see cref="OperationsLimits"/>.
/// </summary>
public sealed record MessageQuery
{
    /// <summary>A search; throws <see cref="ArgumentException"/> outside the bounds.</summary>
    /// <param name="from">The window's start (inclusive).</param>
    /// <param name="to">The window's end (exclusive), at most <see cref="OperationsLimits.MaxWindow"/> after <paramref name="from"/>.</param>
    /// <param name="limit">The most answers, 1 to <see cref="OperationsLimits.MaxMessages"/>.</param>
    /// <param name="idPart">An id or part of one: hex digits and dashes, at most <see cref="OperationsLimits.MaxIdPart"/>.</param>
    /// <param name="peer">The other participant.</param>
    /// <param name="type">The message type.</param>
    /// <param name="state">The state (an outbox or inbox state, or REJECTED).</param>
    public MessageQuery(DateTimeOffset from, DateTimeOffset to, int limit, string? idPart = null, string? peer = null, MessageType? type = null, AuditState? state = null)
    {
        OperationsLimits.CheckWindow(from, to);
        ArgumentOutOfRangeException.ThrowIfLessThan(limit, 1);
        ArgumentOutOfRangeException.ThrowIfGreaterThan(limit, OperationsLimits.MaxMessages);
        if (idPart is not null && !IsIdPart(idPart))
        {
            throw new ArgumentException("an id part is 1 to 64 hex digits or dashes", nameof(idPart));
        }

        From = from;
        To = to;
        Limit = limit;
        IdPart = idPart?.ToLowerInvariant();
        Peer = peer;
        Type = type;
        State = state;
    }

    /// <summary>The window's start (inclusive).</summary>
    public DateTimeOffset From { get; }

    /// <summary>The window's end (exclusive).</summary>
    public DateTimeOffset To { get; }

    /// <summary>The most answers.</summary>
    public int Limit { get; }

    /// <summary>The id part searched for, in lower case; null for any.</summary>
    public string? IdPart { get; }

    /// <summary>The other participant; null for any.</summary>
    public string? Peer { get; }

    /// <summary>The message type; null for any.</summary>
    public MessageType? Type { get; }

    /// <summary>The state; null for any.</summary>
    public AuditState? State { get; }

    /// <summary>True when <paramref name="text"/> may be searched for as (part of) a message id.</summary>
    public static bool IsIdPart(string text) =>
        text.Length is > 0 and <= OperationsLimits.MaxIdPart && text.All(c => char.IsAsciiHexDigit(c) || c == '-');
}

/// <summary>One message as the console lists it.</summary>
/// <param name="Direction">Out (this participant sends it) or In.</param>
/// <param name="MessageId">Its id.</param>
/// <param name="Peer">The other participant.</param>
/// <param name="Type">Its type; UNSPECIFIED for an inbound message refused before it was opened.</param>
/// <param name="State">Its state (an outbox or inbox state; REJECTED for an inbound message refused before the inbox).</param>
/// <param name="Reason">The last reason code (UNSPECIFIED when none).</param>
/// <param name="Attempts">Delivery attempts so far (outbound only).</param>
/// <param name="SealedBytes">Size of the sealed envelope; null when not known.</param>
/// <param name="At">When it was queued or received (refused).</param>
/// <param name="TraceParent">The W3C traceparent stored with it, or null.</param>
public sealed record MessageSummary(
    AuditDirection Direction,
    string MessageId,
    string Peer,
    MessageType Type,
    AuditState State,
    ReasonCode Reason,
    int Attempts,
    long? SealedBytes,
    DateTimeOffset At,
    string? TraceParent);

/// <summary>One peer's activity as the console shows it.</summary>
/// <param name="Peer">The participant.</param>
/// <param name="Delivered">Messages delivered to it (verified receipts) in the window.</param>
/// <param name="Received">Messages received from it in the window.</param>
/// <param name="Refused">Refusals either way in the window: our messages rejected or failed, its messages refused (counted ones included).</param>
/// <param name="LastSuccess">The last delivery to it or reception from it within the lookback.</param>
/// <param name="LastFailure">The last refusal, failure or retry either way within the lookback.</param>
/// <param name="LastFailureReason">That failure's reason code.</param>
/// <param name="OutboxDepth">Our messages to it not yet final.</param>
/// <param name="OldestPending">When the oldest of them was queued.</param>
/// <param name="RetryWaiting">How many of them wait for a retry.</param>
/// <param name="NextRetryAt">The earliest scheduled retry.</param>
/// <param name="RetryReason">The reason code of the retry due first.</param>
public sealed record PeerActivity(
    string Peer,
    long Delivered,
    long Received,
    long Refused,
    DateTimeOffset? LastSuccess,
    DateTimeOffset? LastFailure,
    ReasonCode LastFailureReason,
    long OutboxDepth,
    DateTimeOffset? OldestPending,
    long RetryWaiting,
    DateTimeOffset? NextRetryAt,
    ReasonCode RetryReason);

/// <summary>Refusals of one peer, direction and reason code in one bucket starting at <paramref name="BucketStart"/>.</summary>
public sealed record RefusalCount(string Peer, AuditDirection Direction, ReasonCode Reason, DateTimeOffset BucketStart, long Count);

/// <summary>The flow in one bucket starting at <paramref name="Start"/>.</summary>
public sealed record RateBucket(DateTimeOffset Start, long Delivered, long Received, long Refused);
