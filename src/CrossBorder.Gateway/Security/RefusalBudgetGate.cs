using System.Threading.RateLimiting;

namespace CrossBorder.Gateway.Security;

/// <summary>
/// Lets a call through while its peer has refusals left in the current window, without spending
/// any: the budget is spent by refusals (<see cref="PeerRateLimits.SpendRefusal"/>), not by calls.
/// It asks the peer's fixed-window limiter for zero permits, which succeeds exactly while permits remain.
/// </summary>
internal sealed class RefusalBudgetGate(PartitionedRateLimiter<string> budget, string peer) : RateLimiter
{
    public override TimeSpan? IdleDuration => null;

    public override RateLimiterStatistics? GetStatistics() => null;

    protected override RateLimitLease AttemptAcquireCore(int permitCount) => budget.AttemptAcquire(peer, 0);

    protected override ValueTask<RateLimitLease> AcquireAsyncCore(int permitCount, CancellationToken cancellationToken) =>
        ValueTask.FromResult(budget.AttemptAcquire(peer, 0));
}
