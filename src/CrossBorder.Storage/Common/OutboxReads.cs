using System.Data.Common;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Delivery.States;
using CrossBorder.Core.Storage;
using static CrossBorder.Storage.Common.StoreValues;
using Sql = CrossBorder.Storage.Common.OutboxReadSql;

namespace CrossBorder.Storage.Common;

/// <summary>The outbox's reads, the same for every database, on the store's reader connections.</summary>
/// <param name="openReader">Opens one of the store's reader connections.</param>
internal sealed class OutboxReads(Func<CancellationToken, Task<DbConnection>> openReader)
{
    public async Task<OutboundRecord?> FindSubmissionAsync(string submittedBy, string submissionKey, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(submittedBy);
        ArgumentNullException.ThrowIfNull(submissionKey);
        string? messageId;
        using (var connection = await openReader(cancellationToken).ConfigureAwait(false))
        using (var command = connection.CreateCommand())
        {
            command.CommandText = Sql.Submission;
            command.With("@submittedBy", submittedBy).With("@key", submissionKey);
            messageId = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false) as string;
        }

        return messageId is null ? null : await FindOutboundAsync(messageId, cancellationToken).ConfigureAwait(false);
    }

    public async Task<DateTimeOffset?> NextDueAsync(CancellationToken cancellationToken)
    {
        using var connection = await openReader(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = Sql.NextDue;
        var due = await command.ExecuteScalarAsync(cancellationToken).ConfigureAwait(false);
        return due is long milliseconds ? Time(milliseconds) : null;
    }

    public async Task<IReadOnlyDictionary<OutboxState, long>> OutboxCountsAsync(CancellationToken cancellationToken)
    {
        var counts = new Dictionary<OutboxState, long>();
        foreach (var state in Enum.GetValues<OutboxState>())
        {
            counts[state] = 0;
        }

        using var connection = await openReader(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = Sql.Counts;
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            counts[StateNames.ParseOutbox(reader.GetString(0))] = reader.GetInt64(1);
        }

        return counts;
    }

    public async Task<OutboxBacklog> OutboxBacklogAsync(CancellationToken cancellationToken)
    {
        var pending = OutboxBacklog.PendingStates.ToDictionary(s => s, _ => 0L);
        long? oldest = null;
        using var connection = await openReader(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = Sql.Backlog;
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            pending[StateNames.ParseOutbox(reader.GetString(0))] = reader.GetInt64(1);
            var queued = reader.GetInt64(2);
            oldest = oldest is { } known ? Math.Min(known, queued) : queued;
        }

        return new OutboxBacklog(pending, oldest is { } milliseconds ? Time(milliseconds) : null);
    }

    public async Task<OutboundRecord?> FindOutboundAsync(string messageId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messageId);
        using var connection = await openReader(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = Sql.Find;
        command.With("@id", messageId);
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        if (!await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        return new OutboundRecord(
            MessageId: reader.GetString(0),
            ConversationId: reader.GetString(1),
            Recipient: reader.GetString(2),
            MessageType: (MessageType)reader.GetInt32(3),
            SubmittedBy: reader.GetString(4),
            State: StateNames.ParseOutbox(reader.GetString(5)),
            LastReason: (ReasonCode)reader.GetInt32(6),
            Attempts: reader.GetInt32(7),
            SealedSha256: Blob(reader, 8),
            CreatedAt: Time(reader, 9),
            ExpiresAt: Time(reader, 10),
            NextAttemptAt: NullableTime(reader, 11),
            SignedReceipt: NullableBlob(reader, 12),
            TraceParent: NullableText(reader, 13));
    }
}
