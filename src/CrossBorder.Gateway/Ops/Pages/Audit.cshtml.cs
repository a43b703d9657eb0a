using Microsoft.AspNetCore.Mvc.RazorPages;

namespace CrossBorder.Gateway.Ops.Pages;

/// <summary>
/// The audit chain: verify it on demand (a POST with the form's anti-forgery token: reading the
/// whole chain is work, so a page view never starts it), the last result, and the signed checkpoints.
/// </summary>
internal sealed class AuditModel(AuditChainCheck check, CheckpointList checkpoints, TimeProvider time) : PageModel
{
    public const int CheckpointsShown = 50;

    public DateTimeOffset Now { get; private set; }

    public AuditCheckResult? Result { get; private set; }

    /// <summary>True when <see cref="Result"/> was made by this request.</summary>
    public bool JustVerified { get; private set; }

    public IReadOnlyList<AuditCheckpointView> Checkpoints { get; private set; } = [];

    public async Task OnGetAsync(CancellationToken cancellationToken)
    {
        Now = time.GetUtcNow();
        Result = check.Last;
        Checkpoints = await checkpoints.RecentAsync(CheckpointsShown, cancellationToken).ConfigureAwait(false);
    }

    public async Task OnPostAsync(CancellationToken cancellationToken)
    {
        Result = await check.VerifyNowAsync(cancellationToken).ConfigureAwait(false);
        JustVerified = true;
        Now = time.GetUtcNow();
        Checkpoints = await checkpoints.RecentAsync(CheckpointsShown, cancellationToken).ConfigureAwait(false);
    }
}
