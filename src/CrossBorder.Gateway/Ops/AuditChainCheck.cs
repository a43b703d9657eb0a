using CrossBorder.Core.Storage;

namespace CrossBorder.Gateway.Ops;

/// <summary>One verification of the audit chain: when, how many entries, the first broken one.</summary>
internal sealed record AuditCheckResult(DateTimeOffset At, long Entries, long? FirstBroken, TimeSpan Took)
{
    public bool Intact => FirstBroken is null;
}

/// <summary>
/// The console's verifications of the audit chain. Verifying reads the whole chain, so the overview
/// shows the last result and verifies again only when it is older than <see cref="RefreshAfter"/>;
/// the audit page verifies on demand. One verification at a time: a caller that finds one running
/// gets the last result instead of waiting.
/// </summary>
internal sealed class AuditChainCheck(IAuditTrail audit, TimeProvider time) : IDisposable
{
    public static readonly TimeSpan RefreshAfter = TimeSpan.FromMinutes(10);

    private readonly SemaphoreSlim _one = new(1, 1);
    private volatile AuditCheckResult? _last;

    /// <summary>The last verification, or null before the first.</summary>
    public AuditCheckResult? Last => _last;

    /// <summary>The last verification, made again first when there is none or it is older than <see cref="RefreshAfter"/>.</summary>
    public async Task<AuditCheckResult?> RecentAsync(CancellationToken cancellationToken)
    {
        var last = _last;
        if (last is not null && time.GetUtcNow() - last.At < RefreshAfter)
        {
            return last;
        }

        return await VerifyAsync(wait: false, cancellationToken).ConfigureAwait(false) ?? _last;
    }

    /// <summary>Verifies the whole chain now (after a verification already running).</summary>
    public async Task<AuditCheckResult> VerifyNowAsync(CancellationToken cancellationToken) =>
        (await VerifyAsync(wait: true, cancellationToken).ConfigureAwait(false))!;

    public void Dispose() => _one.Dispose();

    private async Task<AuditCheckResult?> VerifyAsync(bool wait, CancellationToken cancellationToken)
    {
        if (!wait && !await _one.WaitAsync(0, cancellationToken).ConfigureAwait(false))
        {
            return null;
        }

        if (wait)
        {
            await _one.WaitAsync(cancellationToken).ConfigureAwait(false);
        }

        try
        {
            var started = time.GetTimestamp();
            var verification = await audit.VerifyAuditAsync(cancellationToken).ConfigureAwait(false);
            var result = new AuditCheckResult(time.GetUtcNow(), verification.Entries, verification.FirstBroken, time.GetElapsedTime(started));
            _last = result;
            return result;
        }
        finally
        {
            _one.Release();
        }
    }
}
