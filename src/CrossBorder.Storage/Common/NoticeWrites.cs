using System.Data.Common;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Delivery.Notices;
using CrossBorder.Core.Delivery.States;
using CrossBorder.Core.Storage;
using static CrossBorder.Storage.Common.StateText;
using static CrossBorder.Storage.Common.StoreValues;

namespace CrossBorder.Storage.Common;

/// <summary>
/// The writes of correction and withdrawal notices and of erasure dates, the same for every
/// database: each runs inside a store's write, on its unit of work, after the store's own rows.
/// </summary>
/// <remarks>
/// A notice and a message it names may arrive in either order, and on PostgreSQL through different
/// replicas at once: both commits take <see cref="StoreUnitOfWork.SerializeNoticesAsync"/> before
/// they look at the other's rows, so one of the two always sees the other.
/// </remarks>
internal static class NoticeWrites
{
    private const string In = "'IN'";
    private static readonly string Offerable = Sql([InboxState.Received, InboxState.Offered, InboxState.Quarantined]);
    private static readonly string Waiting = Sql([OutboxState.Queued, OutboxState.RetryWait]);

    private static readonly string AwaitedSql = $"""
        SELECT notice_id, kind, corrected_by FROM notice_reference
        WHERE direction = {In} AND peer = @peer AND message_id = @id AND outcome = {(int)NoticeReferenceOutcome.Awaited}
        ORDER BY at, notice_id;
        """;

    private static readonly string MarkAppliedSql = $"""
        UPDATE notice_reference SET outcome = {(int)NoticeReferenceOutcome.Applied}
        WHERE direction = {In} AND peer = @peer AND message_id = @id AND outcome = {(int)NoticeReferenceOutcome.Awaited};
        """;

    private const string ReferencedSql = "SELECT message_type, state, sealed_sha256 FROM inbox WHERE sender = @sender AND message_id = @id";

    private const string ElsewhereSql = """
        SELECT (SELECT COUNT(*) FROM inbox WHERE message_id = @id AND sender <> @sender)
             + (SELECT COUNT(*) FROM outbox WHERE message_id = @id);
        """;

    private static readonly string InsertReferenceSql = """
        INSERT INTO notice_reference (direction, peer, message_id, notice_id, kind, corrected_by, outcome, at)
        VALUES (@direction, @peer, @id, @notice, @kind, CAST(@corrected AS TEXT), @outcome, @at)
        ON CONFLICT (direction, peer, message_id, notice_id) DO NOTHING;
        """;

    private static readonly string MoveSql = $"""
        UPDATE inbox SET state = @to, envelope = NULL,
            superseded_by = CASE WHEN @to = {Sql(InboxState.Superseded)} THEN CAST(@corrected AS TEXT) ELSE superseded_by END
        WHERE sender = @sender AND message_id = @id AND state = @from;
        """;

    private const string StoreReceiptSql = "UPDATE inbox SET signed_receipt = @receipt, notice_types = @types WHERE sender = @sender AND message_id = @id;";

    // A notice applied on arrival of an awaited message is for the readers of that message too.
    private const string AddNoticeTypeSql = "UPDATE inbox SET notice_types = notice_types | @bit WHERE sender = @sender AND message_id = @notice;";

    private static readonly string EraseDueSql = $"""
        SELECT sender, message_id, state, sealed_sha256 FROM inbox
        WHERE erase_at <= @now AND state IN ({Offerable}, {Sql(InboxState.Acknowledged)})
        ORDER BY erase_at, sender, message_id
        LIMIT @max
        """;

    private static readonly string EraseSql = """
        UPDATE inbox SET state = @to, envelope = NULL WHERE sender = @sender AND message_id = @id AND state = @from;
        """;

    // A notice is never cancelled by another: an earlier notice still waiting may name other messages.
    private static readonly string WaitingInConversationSql = $"""
        SELECT message_id, state, sealed_sha256, attempts FROM outbox
        WHERE recipient = @recipient AND conversation_id = @conversation AND state IN ({Waiting}) AND message_id <> @notice
            AND message_type <> {(int)MessageType.CorrectionOrWithdrawalNotice}
        """;

    private static readonly string WaitingByIdSql = $"""
        SELECT message_id, state, sealed_sha256, attempts FROM outbox
        WHERE message_id = @id AND recipient = @recipient AND state IN ({Waiting})
            AND message_type <> {(int)MessageType.CorrectionOrWithdrawalNotice}
        """;

    private static readonly string CancelSql = $"""
        UPDATE outbox SET state = {Sql(OutboxState.Cancelled)}, envelope = @empty, next_attempt_at = NULL, lease_until = NULL, updated_at = @now
        WHERE message_id = @id AND state = @from;
        """;

    /// <summary>
    /// In the commit of a message just inserted (RECEIVED): a notice of its sender that named it
    /// before it arrived is applied now, so that it is never offered. True when one was.
    /// </summary>
    public static async Task<bool> ApplyAwaitedAsync(StoreUnitOfWork w, InboundMessage message, CancellationToken cancellationToken)
    {
        await w.SerializeNoticesAsync(cancellationToken).ConfigureAwait(false);
        var awaited = await w.QueryAsync(
            AwaitedSql,
            c => c.With("@peer", message.Sender).With("@id", message.MessageId),
            r => (NoticeId: r.GetString(0), Kind: (NoticeKind)r.GetInt32(1), CorrectedBy: NullableText(r, 2)),
            cancellationToken).ConfigureAwait(false);
        if (awaited.Count == 0)
        {
            return false;
        }

        foreach (var notice in awaited)
        {
            await w.ExecuteAsync(AddNoticeTypeSql, c => c.With("@bit", InboxReads.Bit(message.MessageType)).With("@sender", message.Sender).With("@notice", notice.NoticeId), cancellationToken).ConfigureAwait(false);
        }

        var chosen = awaited[0];
        foreach (var candidate in awaited.Skip(1))
        {
            if (NoticeRules.Outranks(candidate.Kind, chosen.Kind))
            {
                chosen = candidate;
            }
        }

        await MoveAsync(w, message.Sender, message.MessageId, InboxTransitions.Entry, chosen.Kind, chosen.CorrectedBy, message.SealedSha256, message.ReceivedAt, cancellationToken).ConfigureAwait(false);
        await w.ExecuteAsync(MarkAppliedSql, c => c.With("@peer", message.Sender).With("@id", message.MessageId), cancellationToken).ConfigureAwait(false);
        return true;
    }

    /// <summary>
    /// In the commit of a notice just inserted (with an empty receipt): decides and applies each of its
    /// references, then signs and stores its receipt over the results. Returns the signed receipt.
    /// </summary>
    public static async Task<byte[]> ApplyNoticeAsync(StoreUnitOfWork w, InboundMessage message, InboundNotice notice, CancellationToken cancellationToken)
    {
        await w.SerializeNoticesAsync(cancellationToken).ConfigureAwait(false);
        var now = message.ReceivedAt;
        var sender = message.Sender;
        var results = new NoticeReferenceResult[notice.References.Count];
        var types = 0L;
        for (var i = 0; i < results.Length; i++)
        {
            var reference = notice.References[i];
            var (result, type) = reference.Outcome == NoticeReferenceOutcome.Refused
                ? (reference, null)
                : await DecideAsync(w, message, notice, reference.MessageId, now, cancellationToken).ConfigureAwait(false);
            types |= type is { } applied ? InboxReads.Bit(applied) : 0;
            if (result.Outcome == NoticeReferenceOutcome.Refused)
            {
                w.NoticeRefused(now, message.MessageId, sender, result.Reason, i + 1, message.SealedSha256);
            }

            results[i] = result;
        }

        var receipt = notice.SignReceipt(results);
        await w.ExecuteAsync(StoreReceiptSql, c => c.With("@receipt", receipt).With("@types", types).With("@sender", sender).With("@id", message.MessageId), cancellationToken).ConfigureAwait(false);
        return receipt;
    }

    /// <summary>Enforces erasure dates; see <see cref="IInboxStore.EraseDueAsync"/>.</summary>
    public static async Task<int> EraseDueAsync(StoreUnitOfWork w, DateTimeOffset now, int max, CancellationToken cancellationToken)
    {
        var due = await w.QueryAsync(
            EraseDueSql + w.ForUpdateSkipLocked + ";",
            c => c.With("@now", Ms(now)).With("@max", max),
            r => (Sender: r.GetString(0), MessageId: r.GetString(1), State: StateNames.ParseInbox(r.GetString(2)), Sha: Blob(r, 3)),
            cancellationToken).ConfigureAwait(false);
        var erased = 0;
        foreach (var (sender, messageId, from, sha) in due)
        {
            var to = from == InboxState.Acknowledged ? InboxState.Purged : InboxState.ExpiredUnread;
            var changed = await w.ExecuteAsync(
                EraseSql,
                c => c.With("@to", StateNames.Name(to)).With("@sender", sender).With("@id", messageId).With("@from", StateNames.Name(from)),
                cancellationToken).ConfigureAwait(false);
            if (changed == 1)
            {
                w.InboxChanged(from, to, now, messageId, sender, ReasonCode.Unspecified, sha);
                erased++;
            }
        }

        return erased;
    }

    /// <summary>Records a sent notice's references and cancels what it stops; see <see cref="IOutboxStore.CancelForNoticeAsync"/>.</summary>
    public static async Task<IReadOnlyList<string>> CancelForNoticeAsync(StoreUnitOfWork w, OutboundNotice notice, DateTimeOffset now, CancellationToken cancellationToken)
    {
        foreach (var reference in notice.References.Distinct(StringComparer.Ordinal))
        {
            await w.ExecuteAsync(InsertReferenceSql, c => c
                .With("@direction", "OUT").With("@peer", notice.Recipient).With("@id", reference).With("@notice", notice.NoticeId)
                .With("@kind", (int)notice.Kind).With("@corrected", notice.CorrectedBy).With("@outcome", (int)NoticeReferenceOutcome.Unspecified)
                .With("@at", Ms(now)), cancellationToken).ConfigureAwait(false);
        }

        if (!NoticeRules.Erases(notice.Kind))
        {
            return [];
        }

        static (string Id, OutboxState State, byte[] Sha, int Attempts) Row(DbDataReader r) =>
            (r.GetString(0), StateNames.ParseOutbox(r.GetString(1)), Blob(r, 2), r.GetInt32(3));

        var waiting = new List<(string Id, OutboxState State, byte[] Sha, int Attempts)>();
        if (notice.Kind == NoticeKind.ConsentWithdrawal)
        {
            waiting.AddRange(await w.QueryAsync(
                WaitingInConversationSql + w.ForUpdate + ";",
                c => c.With("@recipient", notice.Recipient).With("@conversation", notice.ConversationId).With("@notice", notice.NoticeId),
                Row,
                cancellationToken).ConfigureAwait(false));
        }

        foreach (var reference in notice.References.Distinct(StringComparer.Ordinal))
        {
            waiting.AddRange(await w.QueryAsync(
                WaitingByIdSql + w.ForUpdate + ";",
                c => c.With("@id", reference).With("@recipient", notice.Recipient),
                Row,
                cancellationToken).ConfigureAwait(false));
        }

        var cancelled = new List<string>();
        foreach (var (id, from, sha, attempts) in waiting.DistinctBy(m => m.Id).OrderBy(m => m.Id, StringComparer.Ordinal))
        {
            if (id == notice.NoticeId)
            {
                continue;
            }

            var changed = await w.ExecuteAsync(
                CancelSql,
                c => c.With("@empty", System.Array.Empty<byte>()).With("@now", Ms(now)).With("@id", id).With("@from", StateNames.Name(from)),
                cancellationToken).ConfigureAwait(false);
            if (changed == 1)
            {
                w.OutboxChanged(from, OutboxState.Cancelled, now, id, notice.Recipient, ReasonCode.Unspecified, attempts, sha);
                cancelled.Add(id);
            }
        }

        return cancelled;
    }

    /// <summary>What a notice does with one reference; the type of the message it was applied to, if any.</summary>
    private static async Task<(NoticeReferenceResult Result, MessageType? Type)> DecideAsync(
        StoreUnitOfWork w, InboundMessage message, InboundNotice notice, string referenced, DateTimeOffset now, CancellationToken cancellationToken)
    {
        var sender = message.Sender;
        var found = await w.QueryAsync(
            ReferencedSql + w.ForUpdate + ";",
            c => c.With("@sender", sender).With("@id", referenced),
            r => (Type: (MessageType)r.GetInt32(0), State: StateNames.ParseInbox(r.GetString(1)), Sha: Blob(r, 2)),
            cancellationToken).ConfigureAwait(false);
        NoticeReferenceOutcome outcome;
        MessageType? appliedTo = null;
        if (found.Count == 1)
        {
            var (type, state, sha) = found[0];
            if (type == MessageType.CorrectionOrWithdrawalNotice)
            {
                return (Refused(referenced, ReasonCode.NotAuthorized), null);
            }

            await MoveAsync(w, sender, referenced, state, notice.Kind, notice.CorrectedBy, sha, now, cancellationToken).ConfigureAwait(false);
            outcome = NoticeReferenceOutcome.Applied;
            appliedTo = type;
        }
        else
        {
            var elsewhere = await w.QueryAsync(ElsewhereSql, c => c.With("@id", referenced).With("@sender", sender), r => r.GetInt64(0), cancellationToken).ConfigureAwait(false);
            if (elsewhere[0] > 0)
            {
                return (Refused(referenced, ReasonCode.NotAuthorized), null);
            }

            w.NoticeAwaited(now, referenced, sender, message.SealedSha256);
            outcome = NoticeReferenceOutcome.Awaited;
        }

        await w.ExecuteAsync(InsertReferenceSql, c => c
            .With("@direction", "IN").With("@peer", sender).With("@id", referenced).With("@notice", message.MessageId)
            .With("@kind", (int)notice.Kind).With("@corrected", notice.CorrectedBy).With("@outcome", (int)outcome)
            .With("@at", Ms(now)), cancellationToken).ConfigureAwait(false);
        return (new NoticeReferenceResult { MessageId = referenced, Outcome = outcome }, appliedTo);
    }

    private static NoticeReferenceResult Refused(string referenced, ReasonCode reason) =>
        new() { MessageId = referenced, Outcome = NoticeReferenceOutcome.Refused, Reason = reason };

    /// <summary>Moves a referenced message to where the notice sends it (nothing when it has already ended), purging its sealed bytes.</summary>
    private static async Task MoveAsync(
        StoreUnitOfWork w, string sender, string messageId, InboxState from, NoticeKind kind, string? correctedBy, byte[] sha, DateTimeOffset now, CancellationToken cancellationToken)
    {
        if (NoticeRules.Target(kind, from) is not { } to)
        {
            return;
        }

        var changed = await w.ExecuteAsync(MoveSql, c => c
            .With("@to", StateNames.Name(to)).With("@corrected", correctedBy).With("@sender", sender).With("@id", messageId).With("@from", StateNames.Name(from)),
            cancellationToken).ConfigureAwait(false);
        if (changed != 1)
        {
            throw new InvalidOperationException($"inbox message {messageId} changed while a notice was applied to it");
        }

        w.InboxChanged(from, to, now, messageId, sender, ReasonCode.Unspecified, sha);
    }
}
