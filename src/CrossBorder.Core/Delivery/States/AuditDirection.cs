namespace CrossBorder.Core.Delivery.States;

/// <summary>Which way the message of an audit entry travels, seen from this participant.</summary>
public enum AuditDirection
{
    /// <summary>A message this participant sends (outbox).</summary>
    Out,

    /// <summary>A message this participant receives (inbox, refusals).</summary>
    In,
}
