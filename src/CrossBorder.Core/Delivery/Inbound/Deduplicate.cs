using CrossBorder.Contracts.V1;
using CrossBorder.Core.Storage;

namespace CrossBorder.Core.Delivery.Inbound;

/// <summary>
/// The replay guard: a message is identified by (sender, message id). The same bytes again are
/// answered the first receipt; other bytes under a known id are ID_CONFLICT.
/// </summary>
public sealed class Deduplicate(IInboxStore inbox)
{
    /// <summary>What the inbox holds under the route's (sender, message id).</summary>
    public async Task<PriorDelivery> LookAsync(RouteHeader route, byte[] sealedSha256, byte[] routeSha256, CancellationToken cancellationToken)
    {
        ArgumentNullException.ThrowIfNull(route);
        var existing = await inbox.FindInboundAsync(route.Sender, route.MessageId, cancellationToken).ConfigureAwait(false);
        return PriorDelivery.Of(existing, sealedSha256, routeSha256);
    }
}
