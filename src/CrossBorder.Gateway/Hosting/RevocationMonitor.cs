using System.Diagnostics.Metrics;
using CrossBorder.Core.Telemetry;
using CrossBorder.Core.Trust;
using Microsoft.Extensions.Logging;

namespace CrossBorder.Gateway.Hosting;

/// <summary>
/// Watches when the trust list's revocation data goes stale, so that operators hear of it well
/// before exchange stops: the gauge <c>crossborder.revocation.time_to_stale</c> (seconds, per
/// country) and a warning once the earliest CRL nextUpdate is closer than the configured warning period.
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
        metrics.ObserveRevocation(Observe);
    }

    /// <summary>Hours until the first CRL of the list in force is past its nextUpdate; null without CRLs.</summary>
    public double? HoursToStale()
    {
        var trust = _trust.Current!;
        var earliest = trust.Countries.Values.Select(c => _crls.StaleAt(c)).Where(n => n.HasValue).Min();
        return earliest is { } next ? (next - _time.GetUtcNow()).TotalHours : null;
    }

    /// <summary>Seconds until each country's revocation data goes stale; countries without CRLs are left out.</summary>
    private IEnumerable<Measurement<double>> Observe()
    {
        var now = _time.GetUtcNow();
        foreach (var country in _trust.Current!.Countries.Values)
        {
            if (_crls.StaleAt(country) is { } next)
            {
                yield return new Measurement<double>((next - now).TotalSeconds, new KeyValuePair<string, object?>("country", country.Code));
            }
        }
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
