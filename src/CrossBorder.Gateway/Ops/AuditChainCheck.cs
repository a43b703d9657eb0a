using CrossBorder.Core.Storage;
using CrossBorder.Gateway.Exchange;

namespace CrossBorder.Gateway.Ops;

/// <summary>One verification of the audit chain against its signed checkpoints: when, how long, what was found.</summary>
internal sealed record AuditCheckResult(DateTimeOffset At, AuditVerification Verification, TimeSpan Took)
{
    public bool Intact => Verification.IsIntact;

    public long Entries => Verification.Entries;

    public long? FirstBroken => Verification.FirstBroken;

    /// <summary>The kind of break and the entries concerned, numbers only.</summary>
    public string Detail => Verification.Describe();
}

/// <summary>
/// The console's view of the one verification of the audit chain, which the gateway's
/// <see cref="AuditCheckpointWriter"/> runs (at start, hourly) and publishes as a metric. The
/// overview shows its last result and asks for a new one only when it is older than
/// <see cref="RefreshAfter"/>; the audit page verifies on demand. One console verification at a
/// time: a page that finds one running gets the last result instead of waiting.
/// </summary>
internal sealed class AuditChainCheck(AuditCheckpointWriter writer, TimeProvider time) : IDisposable
{
    public static readonly TimeSpan RefreshAfter = TimeSpan.FromMinutes(10);

    private readonly SemaphoreSlim _one = new(1, 1);
    private volatile AuditCheckResult? _timed;

    /// <summary>The last verification, or null before the first.</summary>
    public AuditCheckResult? Last
    {
        get
        {
            var status = writer.Status;
            var timed = _timed;
            return status is null ? null
                : timed is not null && timed.At >= status.VerifiedAt ? timed
                : new AuditCheckResult(status.VerifiedAt, status.Verification, TimeSpan.Zero);
        }
    }

    /// <summary>The last verification, made again first when there is none or it is older than <see cref="RefreshAfter"/>.</summary>
    public async Task<AuditCheckResult?> RecentAsync(CancellationToken cancellationToken)
    {
        var last = Last;
        if (last is not null && time.GetUtcNow() - last.At < RefreshAfter)
        {
            return last;
        }

        return await VerifyAsync(wait: false, cancellationToken).ConfigureAwait(false) ?? Last;
    }

    /// <summary>Verifies the whole chain and its checkpoints now (after a verification already running).</summary>
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
            var verification = await writer.VerifyNowAsync(cancellationToken).ConfigureAwait(false);
            var result = new AuditCheckResult(time.GetUtcNow(), verification, time.GetElapsedTime(started));
            _timed = result;
            return result;
        }
        finally
        {
            _one.Release();
        }
    }
}
