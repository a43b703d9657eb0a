using CrossBorder.Core.Telemetry;
using CrossBorder.Core.Trust;
using Microsoft.Extensions.Logging;

namespace CrossBorder.Gateway.Hosting;

/// <summary>
/// Watches when the trust list's revocation data goes stale, so that operators hear of it well
/// before exchange stops: the gauge <c>crossborder.revocation.hours_to_stale</c> and a warning
/// once the earliest CRL nextUpdate is closer than the configured warning period.
/// </summary>
internal sealed class RevocationMonitor
{
    private readonly TrustListManager _trust;
    private readonly CrlStore _crls;
    private readonly RevocationPolicy _policy;
    private readonly TimeProvider _time;
    private readonly object _gate = new();
    private bool _warned;

    public RevocationMonitor(TrustListManager trust, CrlStore crls, RevocationPolicy policy, GatewayMetrics metrics, TimeProvider time)
    {
        ArgumentNullException.ThrowIfNull(metrics);
        _trust = trust;
        _crls = crls;
        _policy = policy;
        _time = time;
        metrics.ObserveRevocation(() => HoursToStale() ?? double.MaxValue);
    }

    /// <summary>Hours until the first CRL of the list in force is past its nextUpdate; null without CRLs.</summary>
    public double? HoursToStale()
    {
        var trust = _trust.Current!;
        var earliest = trust.Countries.Values.Select(c => _crls.StaleAt(c)).Where(n => n.HasValue).Min();
        return earliest is { } next ? (next - _time.GetUtcNow()).TotalHours : null;
    }

    /// <summary>Warns once when the warning period is entered; again after fresh data arrived and aged.</summary>
    public void Report(ILogger logger)
    {
        var hours = HoursToStale();
        var due = hours is { } h && h < _policy.WarnBefore.TotalHours;
        lock (_gate)
        {
            if (due && !_warned)
            {
                GatewayLog.RevocationGoingStale(logger, Math.Round(hours!.Value, 1), _policy.SoftFail ? "SoftFail" : "HardFail",
                    _policy.StaleGrace.TotalHours);
            }

            _warned = due;
        }
    }
}
