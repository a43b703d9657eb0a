using CrossBorder.Core.Trust;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CrossBorder.Gateway.Ops.Pages;

/// <summary>The overview: the state of everything the exchange depends on, at a glance.</summary>
internal sealed class IndexModel(TrustListManager trust) : PageModel
{
    public ulong TrustSequence { get; private set; }

    public string TrustStatus { get; private set; } = "";

    public string TrustClass { get; private set; } = "";

    public void OnGet()
    {
        var status = trust.Status;
        TrustSequence = trust.Current?.Sequence ?? 0;
        TrustStatus = status switch
        {
            TrustListStatus.Fresh => "fresh",
            TrustListStatus.InGrace => "in grace",
            _ => "unusable",
        };
        TrustClass = status switch
        {
            TrustListStatus.Fresh => "ok",
            TrustListStatus.InGrace => "warn",
            _ => "bad",
        };
    }
}
