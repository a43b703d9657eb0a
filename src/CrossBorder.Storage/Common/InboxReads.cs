using System.Data.Common;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Delivery.States;
using CrossBorder.Core.Storage;
using static CrossBorder.Storage.Common.StoreValues;

namespace CrossBorder.Storage.Common;

/// <summary>Finding one inbound record, the same for every database.</summary>
/// <param name="openReader">Opens one of the store's reader connections.</param>
internal sealed class InboxReads(Func<CancellationToken, Task<DbConnection>> openReader)
{
    public const string FindSql = """
        SELECT sender, message_id, message_type, state, sealed_sha256, signed_receipt, received_at, acknowledged_at, route_sha256,
            review_date, erasure_date, superseded_by
        FROM inbox WHERE sender = @sender AND message_id = @id;
        """;

    /// <summary>The columns of an offer, read by <see cref="ReadOffered"/>.</summary>
    public const string OfferColumns = "sender, message_id, message_type, envelope, received_at, trace_parent, offered_at IS NULL, sealed_sha256, review_date, erasure_date";

    /// <summary>
    /// A notice is for the roles that read what it was applied to (<c>@mask</c>, <see cref="Mask"/>
    /// of the reader's types): an erasure request about a child-protection message goes to the role
    /// that holds it, not to whichever role reads notices first. A notice applied to nothing yet is for every role that reads notices.
    /// </summary>
    public static readonly string NoticeFor =
        $"(message_type <> {(int)MessageType.CorrectionOrWithdrawalNotice} OR notice_types = 0 OR (notice_types & @mask) <> 0)";

    /// <summary>
    /// What may be offered: not acknowledged, not ended, bytes present, erasure date not begun
    /// (whether or not the erasing task has run yet). <c>@now</c> is the time of the offer.
    /// </summary>
    public static readonly string OfferableWhere =
        $"state IN ({StateText.Sql([InboxState.Received, InboxState.Offered])}) AND envelope IS NOT NULL AND (erase_at IS NULL OR erase_at > @now) AND {NoticeFor}";

    /// <summary>The bit of each message type (1 &lt;&lt; type), or-ed: how notice_types and a reader's types are compared.</summary>
    public static long Mask(IEnumerable<MessageType> types) => types.Aggregate(0L, (mask, type) => mask | Bit(type));

    /// <summary>The bit of one message type.</summary>
    public static long Bit(MessageType type) => 1L << (int)type;

    /// <summary>Whether a reader of <paramref name="types"/> may take (read, acknowledge) a message of <paramref name="type"/> with <paramref name="noticeTypes"/>.</summary>
    public static bool ReadableBy(IReadOnlySet<MessageType> types, MessageType type, long noticeTypes) =>
        types.Contains(type) && (type != MessageType.CorrectionOrWithdrawalNotice || noticeTypes == 0 || (noticeTypes & Mask(types)) != 0);

    /// <summary>
    /// The order of an offer: correction and withdrawal notices before anything else (the reader must
    /// act on them before it handles what they are about), then the oldest received first.
    /// </summary>
    public static readonly string OfferOrder =
        $"CASE WHEN message_type = {(int)MessageType.CorrectionOrWithdrawalNotice} THEN 0 ELSE 1 END, received_at, sender, message_id";

    /// <summary>The stored record of an inbound (sender, message id), or null when never committed.</summary>
    public async Task<InboundRecord?> FindInboundAsync(string sender, string messageId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sender);
        ArgumentNullException.ThrowIfNull(messageId);
        using var connection = await openReader(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = FindSql;
        command.With("@sender", sender).With("@id", messageId);
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        return await reader.ReadAsync(cancellationToken).ConfigureAwait(false) ? ReadRecord(reader) : null;
    }

    /// <summary>The record at <paramref name="reader"/>, read by <see cref="FindSql"/>.</summary>
    public static InboundRecord ReadRecord(DbDataReader reader) => new(
        Sender: reader.GetString(0),
        MessageId: reader.GetString(1),
        MessageType: (MessageType)reader.GetInt32(2),
        State: StateNames.ParseInbox(reader.GetString(3)),
        SealedSha256: Blob(reader, 4),
        SignedReceipt: Blob(reader, 5),
        ReceivedAt: Time(reader, 6),
        AcknowledgedAt: NullableTime(reader, 7),
        RouteSha256: NullableBlob(reader, 8),
        ReviewDate: NullableText(reader, 9),
        ErasureDate: NullableText(reader, 10),
        SupersededBy: NullableText(reader, 11));

    /// <summary>The offered message at <paramref name="reader"/>, read by <see cref="OfferColumns"/>; whether this is its first offer, and its digest.</summary>
    public static (InboxItem Item, bool FirstOffer, byte[] SealedSha256) ReadOffered(DbDataReader reader) => (
        new InboxItem(
            Sender: reader.GetString(0),
            MessageId: reader.GetString(1),
            MessageType: (MessageType)reader.GetInt32(2),
            Envelope: Blob(reader, 3),
            ReceivedAt: Time(reader, 4),
            TraceParent: NullableText(reader, 5),
            ReviewDate: NullableText(reader, 8),
            ErasureDate: NullableText(reader, 9)),
        reader.GetBoolean(6),
        Blob(reader, 7));

}
