using CrossBorder.Contracts.V1;
using CrossBorder.Core.Delivery.States;
using CrossBorder.Core.Storage;
using Microsoft.Extensions.Time.Testing;

namespace CrossBorder.Storage.Tests.Contract;

/// <summary>
/// The behaviour every <see cref="IMessageStore"/> must have, whatever its database: the outbox
/// (queueing, claims under leases fenced by the attempt number, outcomes, expiry, counts), the
/// inbox (commit, repeats, offer, acknowledgement, purge, quarantine) and the audit trail (one hash
/// chain, tampering detected, refusals recorded). A store runs it by deriving a test class that
/// says how to create, reopen and look behind a store of its kind; each test gets a new, empty store.
/// </summary>
public abstract partial class StoreContract : IAsyncLifetime
{
    protected static readonly TimeSpan Lease = TimeSpan.FromSeconds(30);
    protected static readonly HashSet<MessageType> Referrals = Types(MessageType.CaseReferral);

    protected FakeTimeProvider Clock { get; } = new(T0);

    /// <summary>The store under test: new and empty at the start of each test.</summary>
    protected IMessageStore Store { get; private set; } = null!;

    /// <summary>A new, empty, initialized store on data of its own.</summary>
    protected abstract Task<IMessageStore> CreateStoreAsync();

    /// <summary>A new initialized store on the data of the one just disposed, as the next process opens it after a stop or crash.</summary>
    protected abstract Task<IMessageStore> OpenAgainAsync();

    /// <summary>Deletes the data of the test, once its store is disposed.</summary>
    protected abstract Task DeleteDataAsync();

    /// <summary>How many bytes of an outbound message's sealed envelope are stored (0 once discarded); null when there is no such message.</summary>
    protected abstract Task<long?> StoredOutboundEnvelopeAsync(string messageId);

    /// <summary>How many bytes of an inbound message's sealed envelope are stored; null once purged or when there is no such message.</summary>
    protected abstract Task<long?> StoredInboundEnvelopeAsync(string sender, string messageId);

    /// <summary>How many messages the inbox holds, whatever their state.</summary>
    protected abstract Task<long> InboxSizeAsync();

    /// <summary>
    /// Overwrites the stored state text of one audit entry as a tamperer with full access to the
    /// data does (past any append-only guard of the database).
    /// </summary>
    protected abstract Task TamperAuditStateAsync(long sequence, string storedState);

    /// <summary>Overwrites the attempt and the hash of one audit entry, past any append-only guard.</summary>
    protected abstract Task TamperAuditAttemptAsync(long sequence, int attempt, byte[] hash);

    /// <summary>Deletes one audit entry, past any append-only guard.</summary>
    protected abstract Task RemoveAuditEntryAsync(long sequence);

    public async Task InitializeAsync() => Store = await CreateStoreAsync();

    public async Task DisposeAsync()
    {
        await Store.DisposeAsync();
        await DeleteDataAsync();
    }

    /// <summary>Closes the store (as a stopped or crashed process leaves its data) and opens a new one on the same data.</summary>
    protected async Task ReopenAsync()
    {
        await Store.DisposeAsync();
        Store = await OpenAgainAsync();
    }

    /// <summary>Every entry about the given ids, in chain order.</summary>
    protected async Task<List<AuditEntry>> EntriesAsync(IEnumerable<string> ids)
    {
        var entries = new List<AuditEntry>();
        foreach (var id in ids)
        {
            entries.AddRange(await Store.TrailAsync(id, None));
        }

        return [.. entries.OrderBy(e => e.Sequence)];
    }

    protected async Task<AuditState[]> TrailStatesAsync(string messageId) =>
        [.. (await Store.TrailAsync(messageId, None)).Select(e => e.State)];
}
