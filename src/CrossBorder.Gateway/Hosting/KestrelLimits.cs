using CrossBorder.Gateway.Configuration;
using Microsoft.AspNetCore.Server.Kestrel.Core;

namespace CrossBorder.Gateway.Hosting;

/// <summary>The connection, stream, header, timeout and data-rate limits of a face's Kestrel server.</summary>
internal static class KestrelLimits
{
    public static void Apply(KestrelServerLimits limits, GatewayLimits configured)
    {
        ArgumentNullException.ThrowIfNull(limits);
        ArgumentNullException.ThrowIfNull(configured);
        limits.MaxConcurrentConnections = configured.MaxConnections;
        limits.MaxConcurrentUpgradedConnections = 0;
        limits.Http2.MaxStreamsPerConnection = configured.MaxStreamsPerConnection;
        limits.MaxRequestHeadersTotalSize = configured.MaxRequestHeadersBytes;
        limits.Http2.MaxRequestHeaderFieldSize = configured.MaxRequestHeadersBytes;
        limits.MaxRequestHeaderCount = configured.MaxRequestHeaderCount;
        limits.KeepAliveTimeout = configured.KeepAliveTimeout;
        limits.RequestHeadersTimeout = configured.RequestHeadersTimeout;

        // gRPC's unary calls read and write whole messages: a minimum rate over the body cuts off a
        // peer that trickles an envelope to hold one of its delivery slots for ever.
        limits.MinRequestBodyDataRate = new MinDataRate(configured.MinDataRateBytesPerSecond, configured.MinDataRateGrace);
        limits.MinResponseDataRate = new MinDataRate(configured.MinDataRateBytesPerSecond, configured.MinDataRateGrace);
    }
}
