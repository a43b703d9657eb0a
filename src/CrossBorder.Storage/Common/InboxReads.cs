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
        SELECT sender, message_id, message_type, state, sealed_sha256, signed_receipt, received_at, acknowledged_at, route_sha256
        FROM inbox WHERE sender = @sender AND message_id = @id;
        """;

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
        RouteSha256: NullableBlob(reader, 8));

}
