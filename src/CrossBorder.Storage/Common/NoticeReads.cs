using System.Data.Common;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Storage;
using static CrossBorder.Storage.Common.StoreValues;

namespace CrossBorder.Storage.Common;

/// <summary>Which notices named a message, the same for every database.</summary>
/// <param name="openReader">Opens one of the store's reader connections.</param>
internal sealed class NoticeReads(Func<CancellationToken, Task<DbConnection>> openReader)
{
    private const string ReceivedSql = """
        SELECT notice_id, kind, corrected_by, outcome, at FROM notice_reference
        WHERE direction = 'IN' AND peer = @peer AND message_id = @id
        ORDER BY at, notice_id;
        """;

    // Only notices that were queued: a notice refused or lost after its references were recorded never left.
    private const string SentSql = """
        SELECT r.notice_id, r.kind, r.corrected_by, r.outcome, r.at FROM notice_reference r
        JOIN outbox o ON o.message_id = r.notice_id
        WHERE r.direction = 'OUT' AND r.message_id = @id
        ORDER BY r.at, r.notice_id;
        """;

    public Task<IReadOnlyList<NoticeRecord>> ReceivedAboutAsync(string sender, string messageId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(sender);
        ArgumentNullException.ThrowIfNull(messageId);
        return ReadAsync(ReceivedSql, c => c.With("@peer", sender).With("@id", messageId), cancellationToken);
    }

    public Task<IReadOnlyList<NoticeRecord>> SentAboutAsync(string messageId, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(messageId);
        return ReadAsync(SentSql, c => c.With("@id", messageId), cancellationToken);
    }

    private async Task<IReadOnlyList<NoticeRecord>> ReadAsync(string sql, Action<DbCommand> parameters, CancellationToken cancellationToken)
    {
        using var connection = await openReader(cancellationToken).ConfigureAwait(false);
        using var command = connection.CreateCommand();
        command.CommandText = sql;
        parameters(command);
        using var reader = await command.ExecuteReaderAsync(cancellationToken).ConfigureAwait(false);
        var notices = new List<NoticeRecord>();
        while (await reader.ReadAsync(cancellationToken).ConfigureAwait(false))
        {
            notices.Add(new NoticeRecord(
                NoticeId: reader.GetString(0),
                Kind: (NoticeKind)reader.GetInt32(1),
                CorrectedBy: NullableText(reader, 2),
                Outcome: (NoticeReferenceOutcome)reader.GetInt32(3),
                At: Time(reader, 4)));
        }

        return notices;
    }
}
