using CrossBorder.Contracts.V1;
using CrossBorder.Core.Delivery.States;

namespace CrossBorder.Core.Storage;

/// <summary>What is stored about an inbound (sender, message id).</summary>
/// <param name="Sender">The sending participant.</param>
/// <param name="MessageId">Its id.</param>
/// <param name="MessageType">Its type.</param>
/// <param name="State">Its inbox state.</param>
/// <param name="SealedSha256">SHA-256 of the sealed CMS bytes.</param>
/// <param name="SignedReceipt">The ACCEPTED receipt, answered again for a repeat.</param>
/// <param name="ReceivedAt">When it was received.</param>
/// <param name="AcknowledgedAt">When it was first acknowledged, or null.</param>
/// <param name="RouteSha256">The routing header's digest; null for a message stored before it was kept.</param>
/// <param name="ReviewDate">The payload's retention review date, or null.</param>
/// <param name="ErasureDate">The payload's retention erasure date, or null.</param>
/// <param name="SupersededBy">For a SUPERSEDED message: the corrected message the rectification named, or null.</param>
public sealed record InboundRecord(
    string Sender,
    string MessageId,
    MessageType MessageType,
    InboxState State,
    byte[] SealedSha256,
    byte[] SignedReceipt,
    DateTimeOffset ReceivedAt,
    DateTimeOffset? AcknowledgedAt,
    byte[]? RouteSha256 = null,
    string? ReviewDate = null,
    string? ErasureDate = null,
    string? SupersededBy = null);
