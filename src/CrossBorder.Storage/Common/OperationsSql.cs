using System.Text;
using CrossBorder.Core.Delivery.States;
using CrossBorder.Core.Storage;
using static CrossBorder.Storage.Common.StateText;

namespace CrossBorder.Storage.Common;

/// <summary>
/// The statements of <see cref="OperationsView"/>: plain SQL (integer division for buckets,
/// LIKE for an id part, no function of one database only, output names in GROUP BY), read the same by SQLite and PostgreSQL, every one bounded by a window or a limit.
/// </summary>
internal static class OperationsSql
{
    private static readonly string Out = Quote(StateNames.Name(AuditDirection.Out));
    private static readonly string In = Quote(StateNames.Name(AuditDirection.In));
    private static readonly string Rejected = Quote(StateNames.Name(AuditState.Rejected));
    private static readonly string RefusalsState = Quote(StateNames.Name(AuditState.Refusals));

    /// <summary>A refusal either way, in the audit trail: ours rejected or failed, theirs refused (one by one or counted).</summary>
    private static readonly string IsRefusal =
        $"((direction = {Out} AND state IN ({Sql([OutboxState.Rejected, OutboxState.Failed])})) OR (direction = {In} AND state IN ({Rejected}, {RefusalsState})))";

    /// <summary>How many refusals an entry stands for: a REFUSALS entry holds its count as the attempt.</summary>
    private static readonly string RefusalWeight = $"CASE WHEN state = {RefusalsState} THEN attempt ELSE 1 END";

    private static readonly string IsDelivery = $"(direction = {Out} AND state = {Sql(OutboxState.Delivered)})";

    private static readonly string IsReception = $"(direction = {In} AND state = {Sql(InboxState.Received)})";

    /// <summary>Messages of both boxes and inbound refusals of the audit trail; each arm newest first and limited, then merged.</summary>
    public static string Messages(MessageQuery query)
    {
        string Filters(string id, string peer, string type, string state)
        {
            var where = new StringBuilder();
            if (query.IdPart is not null)
            {
                where.Append($" AND {id} LIKE @id");
            }

            if (query.Peer is not null)
            {
                where.Append($" AND {peer} = @peer");
            }

            if (query.Type is not null)
            {
                where.Append($" AND {type} = @type");
            }

            if (query.State is not null)
            {
                where.Append($" AND {state} = @state");
            }

            return where.ToString();
        }

        var outbox = $"""
            SELECT {Out} AS direction, message_id, recipient AS peer, message_type, state, last_reason AS reason, attempts, sealed_size, created_at AS at, trace_parent
            FROM outbox WHERE created_at >= @from AND created_at < @to{Filters("message_id", "recipient", "message_type", "state")}
            ORDER BY created_at DESC LIMIT @limit
            """;
        var inbox = $"""
            SELECT {In} AS direction, message_id, sender AS peer, message_type, state, 0 AS reason, 0 AS attempts, sealed_size, received_at AS at, trace_parent
            FROM inbox WHERE received_at >= @from AND received_at < @to{Filters("message_id", "sender", "message_type", "state")}
            ORDER BY received_at DESC LIMIT @limit
            """;
        var refused = $"""
            SELECT {In} AS direction, message_id, peer, 0 AS message_type, state, reason, 0 AS attempts, CAST(NULL AS BIGINT) AS sealed_size, at, CAST(NULL AS TEXT) AS trace_parent
            FROM audit WHERE at >= @from AND at < @to AND direction = {In} AND state = {Rejected}{Filters("message_id", "peer", "0", "state")}
            ORDER BY at DESC LIMIT @limit
            """;
        return $"""
            SELECT direction, message_id, peer, message_type, state, reason, attempts, sealed_size, at, trace_parent FROM (
                SELECT * FROM ({outbox}) AS o
                UNION ALL SELECT * FROM ({inbox}) AS i
                UNION ALL SELECT * FROM ({refused}) AS r) AS m
            ORDER BY at DESC, message_id LIMIT @limit;
            """;
    }

    public static readonly string PeerCounts = $"""
        SELECT peer,
            SUM(CASE WHEN {IsDelivery} THEN 1 ELSE 0 END),
            SUM(CASE WHEN {IsReception} THEN 1 ELSE 0 END),
            SUM(CASE WHEN {IsRefusal} THEN {RefusalWeight} ELSE 0 END)
        FROM audit WHERE at >= @from AND at < @to
        GROUP BY peer;
        """;

    public static readonly string LastSuccess = $"""
        SELECT at, reason FROM audit
        WHERE peer = @peer AND state IN ({Sql(OutboxState.Delivered)}, {Sql(InboxState.Received)}) AND at >= @from AND at <= @to AND ({IsDelivery} OR {IsReception})
        ORDER BY at DESC, seq DESC LIMIT 1;
        """;

    public static readonly string LastFailure = $"""
        SELECT at, reason FROM audit
        WHERE peer = @peer AND state IN ({Sql([OutboxState.Rejected, OutboxState.Failed, OutboxState.RetryWait])}, {RefusalsState}, {Sql(InboxState.Quarantined)})
            AND at >= @from AND at <= @to
        ORDER BY at DESC, seq DESC LIMIT 1;
        """;

    // The outbox's pending messages are few (they leave at a final state); the retry due first gives the reason.
    public static readonly string Pending = $"""
        SELECT recipient, COUNT(*), MIN(created_at),
            SUM(CASE WHEN state = {Sql(OutboxState.RetryWait)} THEN 1 ELSE 0 END),
            MIN(CASE WHEN state = {Sql(OutboxState.RetryWait)} THEN next_attempt_at END),
            (SELECT r.last_reason FROM outbox r WHERE r.recipient = outbox.recipient AND r.state = {Sql(OutboxState.RetryWait)}
                ORDER BY r.next_attempt_at, r.message_id LIMIT 1)
        FROM outbox WHERE state IN ({Sql([OutboxState.Queued, OutboxState.Sending, OutboxState.RetryWait])})
        GROUP BY recipient;
        """;

    public static readonly string Refusals = $"""
        SELECT peer, direction, reason, (at - @from) / @bucket AS bucket, SUM({RefusalWeight})
        FROM audit WHERE at >= @from AND at < @to AND {IsRefusal}
        GROUP BY peer, direction, reason, bucket
        ORDER BY bucket, peer, direction, reason;
        """;

    public static readonly string Rates = $"""
        SELECT (at - @from) / @bucket AS bucket,
            SUM(CASE WHEN {IsDelivery} THEN 1 ELSE 0 END),
            SUM(CASE WHEN {IsReception} THEN 1 ELSE 0 END),
            SUM(CASE WHEN {IsRefusal} THEN {RefusalWeight} ELSE 0 END)
        FROM audit WHERE at >= @from AND at < @to
        GROUP BY bucket;
        """;

    public const string InboxCounts = "SELECT state, COUNT(*) FROM inbox GROUP BY state;";

    private static string Quote(string name) => "'" + name + "'";
}
