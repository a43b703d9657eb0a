namespace CrossBorder.Core.Storage;

/// <summary>The states of ARCHITECTURE.md, as stored and as shown in status.</summary>
public static class MessageStates
{
    /// <summary>Sender: accepted from a local client (audit only).</summary>
    public const string Submitted = "SUBMITTED";

    /// <summary>Sender: sealed and durable in the outbox.</summary>
    public const string Queued = "QUEUED";

    /// <summary>Sender: an attempt is under way (held by a lease).</summary>
    public const string Sending = "SENDING";

    /// <summary>Sender: the last attempt failed transiently; the next one is scheduled.</summary>
    public const string RetryWait = "RETRY_WAIT";

    /// <summary>Sender: a verified ACCEPTED receipt came back (final).</summary>
    public const string Delivered = "DELIVERED";

    /// <summary>Sender: refused for good; receiver: a refused inbound message (audit only).</summary>
    public const string Rejected = "REJECTED";

    /// <summary>Sender: expired undelivered: the non-delivery evidence (final).</summary>
    public const string Failed = "FAILED";

    /// <summary>Receiver: committed to the inbox.</summary>
    public const string Received = "RECEIVED";

    /// <summary>Receiver: offered to a local client at least once.</summary>
    public const string Offered = "OFFERED";

    /// <summary>Receiver: acknowledged; never offered again.</summary>
    public const string Acknowledged = "ACKNOWLEDGED";

    /// <summary>Receiver: sealed bytes deleted after acknowledgement plus retention.</summary>
    public const string Purged = "PURGED";

    /// <summary>Receiver: could not be opened for reading, repeatedly; never offered again (audit with the failure's code).</summary>
    public const string Quarantined = "QUARANTINED";

    /// <summary>
    /// Receiver: refusals of unauthenticated bytes from one peer counted in one window (audit only):
    /// no message id, the reason code, the count as the attempt, the window's end as the time.
    /// </summary>
    public const string Refusals = "REFUSALS";

    /// <summary>Audit direction of messages this participant sends.</summary>
    public const string Out = "OUT";

    /// <summary>Audit direction of messages this participant receives.</summary>
    public const string In = "IN";
}
