namespace CrossBorder.Core.Storage;

/// <summary>
/// The storage of one gateway, split by job: the outbox (<see cref="IOutboxStore"/>), the inbox
/// (<see cref="IInboxStore"/>) and the audit trail (<see cref="IAuditTrail"/>) over one database.
/// Every method is one transaction: when it returns, what it wrote is durable; when it throws,
/// nothing of it is. Stored envelopes are sealed (ciphertext). SQLite (one file, WAL) is the default
/// implementation; PostgreSQL can follow.
/// </summary>
public interface IMessageStore : IOutboxStore, IInboxStore, IAuditTrail, IAsyncDisposable
{
    /// <summary>Creates or upgrades the schema. Called once before anything else.</summary>
    Task InitializeAsync(CancellationToken cancellationToken);
}
