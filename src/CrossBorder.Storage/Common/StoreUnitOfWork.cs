using System.Data.Common;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Delivery.States;

namespace CrossBorder.Storage.Common;

/// <summary>
/// The unit of work of a store's writes, whatever the database: "a state change and its audit entry
/// commit together". A write that changes a state writes its row, then calls one of the methods
/// here, which checks the move against <see cref="OutboxTransitions"/> or <see cref="InboxTransitions"/>
/// and appends the audit entry (<see cref="Append"/>) in the same transaction. This is the only way
/// an audit entry is appended.
/// </summary>
internal abstract class StoreUnitOfWork
{
    /// <summary>A message entered the outbox (<see cref="OutboxTransitions.Entry"/>): audit SUBMITTED, then QUEUED.</summary>
    public void OutboxEntered(DateTimeOffset at, string messageId, string recipient, byte[] sealedSha256)
    {
        OutboxTransitions.Require(null, OutboxTransitions.Entry);
        Append(at, messageId, AuditDirection.Out, recipient, AuditState.Submitted, ReasonCode.Unspecified, 0, sealedSha256);
        Append(at, messageId, AuditDirection.Out, recipient, AuditStates.Of(OutboxTransitions.Entry), ReasonCode.Unspecified, 0, sealedSha256);
    }

    /// <summary>An outbox message moved from <paramref name="from"/> to <paramref name="to"/>: checked, then audited.</summary>
    /// <exception cref="InvalidOperationException">The move is not in <see cref="OutboxTransitions"/>.</exception>
    public void OutboxChanged(OutboxState from, OutboxState to, DateTimeOffset at, string messageId, string recipient, ReasonCode reason, int attempt, byte[] sealedSha256)
    {
        OutboxTransitions.Require(from, to);
        Append(at, messageId, AuditDirection.Out, recipient, AuditStates.Of(to), reason, attempt, sealedSha256);
    }

    /// <summary>A message entered the inbox (<see cref="InboxTransitions.Entry"/>): audit RECEIVED.</summary>
    public void InboxEntered(DateTimeOffset at, string messageId, string sender, byte[] sealedSha256)
    {
        InboxTransitions.Require(null, InboxTransitions.Entry);
        Append(at, messageId, AuditDirection.In, sender, AuditStates.Of(InboxTransitions.Entry), ReasonCode.Unspecified, 0, sealedSha256);
    }

    /// <summary>An inbox message moved from <paramref name="from"/> to <paramref name="to"/>: checked, then audited.</summary>
    /// <exception cref="InvalidOperationException">The move is not in <see cref="InboxTransitions"/>.</exception>
    public void InboxChanged(InboxState from, InboxState to, DateTimeOffset at, string messageId, string sender, ReasonCode reason, byte[] sealedSha256)
    {
        InboxTransitions.Require(from, to);
        Append(at, messageId, AuditDirection.In, sender, AuditStates.Of(to), reason, 0, sealedSha256);
    }

    /// <summary>An inbound message was refused and reached no box: audit REJECTED (direction IN) with its code.</summary>
    public void InboundRefused(DateTimeOffset at, string messageId, string sender, ReasonCode reason, byte[] sealedSha256) =>
        Append(at, messageId, AuditDirection.In, sender, AuditState.Rejected, reason, 0, sealedSha256);

    /// <summary>Refusals of one peer counted in a window: audit REFUSALS, no message id, the count as the attempt.</summary>
    public void RefusalsCounted(DateTimeOffset windowEnd, string peer, ReasonCode reason, int count) =>
        Append(windowEnd, "", AuditDirection.In, peer, AuditState.Refusals, reason, count, []);

    /// <summary>A notice named a message of its sender that has not arrived: audit NOTICE_AWAITED on that message, with the notice's digest.</summary>
    public void NoticeAwaited(DateTimeOffset at, string referencedId, string sender, byte[] noticeSha256) =>
        Append(at, referencedId, AuditDirection.In, sender, AuditState.NoticeAwaited, ReasonCode.Unspecified, 0, noticeSha256);

    /// <summary>A notice's reference was refused: audit NOTICE_REFUSED on the notice, the reference's position (from 1) as the attempt.</summary>
    public void NoticeRefused(DateTimeOffset at, string noticeId, string sender, ReasonCode reason, int position, byte[] noticeSha256) =>
        Append(at, noticeId, AuditDirection.In, sender, AuditState.NoticeRefused, reason, position, noticeSha256);

    /// <summary>What a statement that reads rows to change appends to lock them until the commit (PostgreSQL); empty where one writer holds the database.</summary>
    public virtual string ForUpdate => "";

    /// <summary>As <see cref="ForUpdate"/>, passing over rows another writer holds.</summary>
    public virtual string ForUpdateSkipLocked => "";

    /// <summary>Orders this write after any other that applies or awaits notices (PostgreSQL: an advisory lock); nothing where one writer holds the database.</summary>
    public virtual Task SerializeNoticesAsync(CancellationToken cancellationToken) => Task.CompletedTask;

    /// <summary>Runs a statement in this transaction; the rows it changed.</summary>
    public abstract Task<int> ExecuteAsync(string sql, Action<DbCommand> parameters, CancellationToken cancellationToken);

    /// <summary>Reads the rows of a statement in this transaction.</summary>
    public abstract Task<List<T>> QueryAsync<T>(string sql, Action<DbCommand> parameters, Func<DbDataReader, T> row, CancellationToken cancellationToken);

    /// <summary>Appends one entry to the audit chain in the transaction of this write.</summary>
    protected abstract void Append(DateTimeOffset at, string messageId, AuditDirection direction, string peer, AuditState state, ReasonCode reason, int attempt, byte[] sealedSha256);
}
