using CrossBorder.Core.Storage;
using Microsoft.AspNetCore.Http;
using Microsoft.AspNetCore.Mvc;
using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CrossBorder.Gateway.Ops.Pages;

/// <summary>Refusals by reason code and peer over the last hour (5-minute buckets) or 24 hours (hourly), from the audit trail.</summary>
internal sealed class RefusalsModel(IOperationsView view, TimeProvider time) : PageModel
{
    /// <summary>The windows this page offers and their buckets.</summary>
    public static readonly IReadOnlyList<(string Name, TimeSpan Span, TimeSpan Bucket)> Windows =
        [("1h", TimeSpan.FromHours(1), TimeSpan.FromMinutes(5)), ("24h", TimeSpan.FromHours(24), TimeSpan.FromHours(1))];

    [BindProperty(SupportsGet = true, Name = "window")]
    public string? Window { get; set; }

    public bool Refused { get; private set; }

    public (string Name, TimeSpan Span, TimeSpan Bucket) Chosen { get; private set; } = Windows[0];

    public DateTimeOffset From { get; private set; }

    public IReadOnlyList<RefusalCount> Counts { get; private set; } = [];

    /// <summary>Totals by reason code and peer, largest first.</summary>
    public IReadOnlyList<RefusalCount> Totals { get; private set; } = [];

    public async Task<IActionResult> OnGetAsync(CancellationToken cancellationToken)
    {
        var name = string.IsNullOrEmpty(Window) ? "1h" : Window;
        var match = Windows.Where(w => w.Name == name).ToList();
        if (match.Count == 0)
        {
            Refused = true;
            Window = null;
            Response.StatusCode = StatusCodes.Status400BadRequest;
            return Page();
        }

        Chosen = match[0];
        var now = time.GetUtcNow();

        // Buckets aligned to the bucket size, so that a refresh shows the same buckets.
        var end = new DateTimeOffset((now.UtcTicks / Chosen.Bucket.Ticks + 1) * Chosen.Bucket.Ticks, TimeSpan.Zero);
        From = end - Chosen.Span;
        Counts = await view.RefusalsAsync(From, end, Chosen.Bucket, cancellationToken).ConfigureAwait(false);
        Totals = [.. Counts.GroupBy(c => (c.Peer, c.Direction, c.Reason))
            .Select(g => new RefusalCount(g.Key.Peer, g.Key.Direction, g.Key.Reason, From, g.Sum(c => c.Count)))
            .OrderByDescending(c => c.Count).ThenBy(c => c.Peer, StringComparer.Ordinal)];
        return Page();
    }
}
