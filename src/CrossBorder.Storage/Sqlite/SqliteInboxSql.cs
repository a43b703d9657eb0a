using CrossBorder.Core.Delivery.States;
using static CrossBorder.Storage.Common.StateText;

namespace CrossBorder.Storage.Sqlite;

/// <summary>The statements of <see cref="SqliteInboxStore"/>; states are written in through <see cref="StateText"/>.</summary>
internal static class SqliteInboxSql
{
    public static readonly string Commit = $"""
        INSERT INTO inbox (sender, message_id, conversation_id, message_type, envelope, sealed_sha256, received_at, expires_at,
            state, signed_receipt, offered_at, acknowledged_at, trace_parent, route_sha256, sealed_size, review_date, erasure_date, erase_at)
        VALUES (@sender, @id, @conversation, @type, @envelope, @sha, @received, @expires,
            {Sql(InboxTransitions.Entry)}, @receipt, NULL, NULL, @trace, @route, length(@envelope), @review, @erasure, @erase_at)
        ON CONFLICT (sender, message_id) DO NOTHING;
        """;

    // @types is a JSON array of message type numbers. Notices come first (InboxReads.OfferOrder).
    public static readonly string Offer = $"""
        SELECT {InboxReads.OfferColumns}
        FROM inbox
        WHERE message_type IN (SELECT value FROM json_each(@types)) AND {InboxReads.OfferableWhere}
        ORDER BY {InboxReads.OfferOrder}
        LIMIT @max;
        """;

    public static readonly string MarkOffered = $"""
        UPDATE inbox SET state = {Sql(InboxState.Offered)}, offered_at = @now
        WHERE sender = @sender AND message_id = @id AND state = {Sql(InboxState.Received)} AND offered_at IS NULL;
        """;

    public const string StateOf = "SELECT state FROM inbox WHERE sender = @sender AND message_id = @id;";

    // Counts a failed open; at the limit the message leaves the offerable states for good.
    public static readonly string OpenFailed = $"""
        UPDATE inbox SET open_failures = open_failures + 1,
            state = CASE WHEN open_failures + 1 >= @limit THEN {Sql(InboxState.Quarantined)} ELSE state END
        WHERE sender = @sender AND message_id = @id AND state IN ({Sql(InboxTransitions.Into(InboxState.Quarantined))})
        RETURNING state, sealed_sha256;
        """;

    public const string AcknowledgeLookup = """
        SELECT message_type, acknowledged_at, sealed_sha256, state, notice_types FROM inbox WHERE sender = @sender AND message_id = @id;
        """;

    public static readonly string Acknowledge = $"""
        UPDATE inbox SET state = {Sql(InboxState.Acknowledged)}, acknowledged_at = @now
        WHERE sender = @sender AND message_id = @id AND acknowledged_at IS NULL;
        """;

    // The literal state lets SQLite use the partial index inbox_purge.
    public static readonly string Purge = $"""
        UPDATE inbox SET envelope = NULL, state = {Sql(InboxState.Purged)}
        WHERE state = {Sql(InboxState.Acknowledged)} AND acknowledged_at <= @before
        RETURNING sender, message_id, sealed_sha256;
        """;
}
