using CrossBorder.Core.Storage;

namespace CrossBorder.Core.Delivery.Outbound;

/// <summary>
/// The outbox as the outbound pipeline sees it: where a sealed message is queued durably, behind whatever
/// schedules its delivery attempts. The gateway's dispatcher implements it (and may start the first
/// attempt at once); a unit test puts a fake here.
/// </summary>
public interface IOutbox
{
    /// <summary>
    /// Queues <paramref name="message"/> durably (due at its <see cref="OutboundMessage.CreatedAt"/>).
    /// Throws <see cref="DuplicateSubmissionException"/> when a concurrent retry of the same
    /// submission was queued first.
    /// </summary>
    Task QueueAsync(OutboundMessage message, CancellationToken cancellationToken);
}
