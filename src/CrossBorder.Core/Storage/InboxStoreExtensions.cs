using CrossBorder.Contracts.V1;

namespace CrossBorder.Core.Storage;

/// <summary>One-message forms of the inbox store's batch operations.</summary>
public static class InboxStoreExtensions
{
    /// <summary>Acknowledges one inbox message: <see cref="IInboxStore.AcknowledgeAsync(IReadOnlyList{InboxKey}, IReadOnlySet{MessageType}, DateTimeOffset, CancellationToken)"/> with one key.</summary>
    public static async Task<DateTimeOffset?> AcknowledgeAsync(this IInboxStore store, string sender, string messageId, IReadOnlySet<MessageType> types, DateTimeOffset now, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(store);
        var acknowledged = await store.AcknowledgeAsync([new InboxKey(sender, messageId)], types, now, cancellationToken).ConfigureAwait(false);
        return acknowledged[0];
    }
}
