namespace CrossBorder.Core.Delivery.Inbound;

/// <summary>How the inbound pipeline answered an authenticated delivery with a signed receipt.</summary>
public enum InboundAnswerKind
{
    /// <summary>Committed to the inbox; ACCEPTED.</summary>
    Accepted,

    /// <summary>Authenticated and refused (stale, id conflict, inbound policy); REJECTED with the reason, recorded in the audit.</summary>
    Rejected,

    /// <summary>The same message again: the first delivery's receipt.</summary>
    Duplicate,

    /// <summary>A concurrent delivery of the same id committed first: its receipt, or ID_CONFLICT for other bytes.</summary>
    Raced,
}
