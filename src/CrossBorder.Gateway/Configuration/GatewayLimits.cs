namespace CrossBorder.Gateway.Configuration;

/// <summary>The validated flood limits of <see cref="LimitsOptions"/>.</summary>
internal sealed record GatewayLimits(
    int PeerConcurrentDeliveries,
    int PeerRefusalBudget,
    TimeSpan RefusalWindow,
    int MaxConnections,
    int MaxHandshakeBytes,
    int MaxStreamsPerConnection,
    int MaxRequestHeadersBytes,
    int MaxRequestHeaderCount,
    TimeSpan KeepAliveTimeout,
    TimeSpan RequestHeadersTimeout,
    double MinDataRateBytesPerSecond,
    TimeSpan MinDataRateGrace)
{
    /// <summary>The defaults of <see cref="LimitsOptions"/>.</summary>
    public static GatewayLimits Default { get; } = From(new LimitsOptions(), _ => { })!;

    /// <summary>Checks every limit, reporting each problem; null when any was found.</summary>
    public static GatewayLimits? From(LimitsOptions o, Action<string> problem)
    {
        ArgumentNullException.ThrowIfNull(o);
        ArgumentNullException.ThrowIfNull(problem);
        var found = false;
        void Range(double value, double min, double max, string name)
        {
            if (double.IsNaN(value) || value < min || value > max)
            {
                problem($"{nameof(GatewayOptions.Limits)}.{name} must be {min} to {max}");
                found = true;
            }
        }

        Range(o.PeerConcurrentDeliveries, 1, 1024, nameof(o.PeerConcurrentDeliveries));
        Range(o.PeerRefusalBudget, 1, 1_000_000, nameof(o.PeerRefusalBudget));
        Range(o.RefusalWindowSeconds, 1, 24 * 3600, nameof(o.RefusalWindowSeconds));
        Range(o.MaxConnections, 1, 100_000, nameof(o.MaxConnections));
        Range(o.MaxHandshakeBytes, 4096, 1024 * 1024, nameof(o.MaxHandshakeBytes));
        Range(o.MaxStreamsPerConnection, 1, 1000, nameof(o.MaxStreamsPerConnection));
        Range(o.MaxRequestHeadersBytes, 1024, 1024 * 1024, nameof(o.MaxRequestHeadersBytes));
        Range(o.MaxRequestHeaderCount, 8, 1000, nameof(o.MaxRequestHeaderCount));
        Range(o.KeepAliveTimeoutSeconds, 1, 3600, nameof(o.KeepAliveTimeoutSeconds));
        Range(o.RequestHeadersTimeoutSeconds, 1, 600, nameof(o.RequestHeadersTimeoutSeconds));
        Range(o.MinDataRateBytesPerSecond, 1, 100 * 1024 * 1024, nameof(o.MinDataRateBytesPerSecond));
        Range(o.MinDataRateGraceSeconds, 1, 600, nameof(o.MinDataRateGraceSeconds));
        return found ? null : new GatewayLimits(
            o.PeerConcurrentDeliveries,
            o.PeerRefusalBudget,
            TimeSpan.FromSeconds(o.RefusalWindowSeconds),
            o.MaxConnections,
            o.MaxHandshakeBytes,
            o.MaxStreamsPerConnection,
            o.MaxRequestHeadersBytes,
            o.MaxRequestHeaderCount,
            TimeSpan.FromSeconds(o.KeepAliveTimeoutSeconds),
            TimeSpan.FromSeconds(o.RequestHeadersTimeoutSeconds),
            o.MinDataRateBytesPerSecond,
            TimeSpan.FromSeconds(o.MinDataRateGraceSeconds));
    }
}
