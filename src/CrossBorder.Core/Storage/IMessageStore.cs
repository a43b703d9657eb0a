namespace CrossBorder.Core.Storage;

/// <summary>
/// The storage of one gateway, split by job: the outbox (<see cref="IOutboxStore"/>), the inbox
/// (<see cref="IInboxStore"/>), the audit trail (<see cref="IAuditTrail"/>) and its signed checkpoints
/// (<see cref="IAuditCheckpoints"/>) over one database, with the console's read-only views of them
/// (<see cref="IOperationsView"/>).
/// Every method is one transaction: when it returns, what it wrote is durable; when it throws,
/// nothing of it is. Stored envelopes are sealed (ciphertext). SQLite (one file, WAL) is the default
/// implementation; PostgreSQL can follow, and must pass the same store contract tests.
/// </summary>
/// <remarks>
/// One unit of work: a state change and its audit entry commit together. Every method that moves a
/// message to another <see cref="Delivery.States.OutboxState"/> or <see cref="Delivery.States.InboxState"/>
/// writes the row and its audit entry in the same transaction, after checking the move against
/// <see cref="Delivery.States.OutboxTransitions"/> or <see cref="Delivery.States.InboxTransitions"/>;
/// a move not in the table is a bug and throws <see cref="InvalidOperationException"/> with nothing
/// written. Audit entries are appended this way only (refusals that reach no box included), so the
/// hash chain and the boxes never disagree. States are stored as their <see cref="Delivery.States.StateNames"/> texts.
/// </remarks>
public interface IMessageStore : IOutboxStore, IInboxStore, IAuditTrail, IAuditCheckpoints, IOperationsView, IAsyncDisposable
{
    /// <summary>Creates or upgrades the schema. Called once before anything else.</summary>
    Task InitializeAsync(CancellationToken cancellationToken);
}
