using CrossBorder.Core.Storage;
using CrossBorder.Core.Trust;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CrossBorder.Gateway.Ops.Pages;

/// <summary>Every participant of the trust list in force: the last hour's flow with it, its last success and failure, our pending messages to it.</summary>
internal sealed class PeersModel(IOperationsView view, TrustListManager trust, ParticipantId self, TimeProvider time) : PageModel
{
    public static readonly TimeSpan Window = TimeSpan.FromHours(1);

    public DateTimeOffset Now { get; private set; }

    public IReadOnlyList<PeerActivity> Peers { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Now = time.GetUtcNow();
        var participants = trust.Current?.Participants.Keys.Where(p => p != self).Select(p => p.ToString()).ToList() ?? [];
        Peers = await view.PeerActivityAsync(participants, Now - Window, Now + TimeSpan.FromSeconds(1), cancellationToken).ConfigureAwait(false);
    }
}
