namespace CrossBorder.Gateway.Configuration;

/// <summary>
/// Flood limits (<c>CrossBorder:Gateway:Limits</c>): calls per peer on the peer face and the
/// connection, stream, header and data-rate limits of both faces' Kestrel servers.
/// </summary>
public sealed class LimitsOptions
{
    /// <summary>
    /// Deliver calls one peer may have in flight at once; a further call is refused at once with
    /// RATE_LIMITED (gRPC RESOURCE_EXHAUSTED), before its envelope is read, and the sender retries it.
    /// It bounds the memory one peer can make the gateway hold to this many envelopes (each at most
    /// <see cref="GatewayOptions.MaxEnvelopeBytes"/>); the default matches a sender's default
    /// <see cref="GatewayOptions.DispatchParallelism"/>, so that a busy peer is not throttled.
    /// </summary>
    public int PeerConcurrentDeliveries { get; set; } = 16;

    /// <summary>
    /// Refused Deliver calls one peer may cause per <see cref="RefusalWindowSeconds"/>; once they are
    /// spent, every further Deliver call of that peer is refused RATE_LIMITED until the window passes.
    /// </summary>
    public int PeerRefusalBudget { get; set; } = 100;

    /// <summary>
    /// The window of <see cref="PeerRefusalBudget"/>, and of the audit of refusals of unauthenticated
    /// bytes: the first one per peer and window is audited on its own, the others as one count per
    /// reason code when the window closes.
    /// </summary>
    public double RefusalWindowSeconds { get; set; } = 60;

    /// <summary>Open connections per face (Kestrel <c>MaxConcurrentConnections</c>); a further connection is closed at once.</summary>
    public int MaxConnections { get; set; } = 256;

    /// <summary>
    /// Bytes a client may send before its TLS handshake completes; a client that sends more (a bag
    /// of certificates for the TLS stack to parse) is cut off with PATH_LIMIT in the log. A normal
    /// handshake with a chain of up to 8 certificates of EC or RSA-2048 keys (5 of RSA-4096) stays under the default.
    /// </summary>
    public int MaxHandshakeBytes { get; set; } = 16 * 1024;

    /// <summary>Concurrent HTTP/2 streams (calls) per connection.</summary>
    public int MaxStreamsPerConnection { get; set; } = 100;

    /// <summary>Total size of a request's headers, and the largest single header (HTTP/2 header field).</summary>
    public int MaxRequestHeadersBytes { get; set; } = 16 * 1024;

    /// <summary>Headers per request.</summary>
    public int MaxRequestHeaderCount { get; set; } = 64;

    /// <summary>An idle connection is closed after this long.</summary>
    public double KeepAliveTimeoutSeconds { get; set; } = 120;

    /// <summary>A request's headers must arrive within this time.</summary>
    public double RequestHeadersTimeoutSeconds { get; set; } = 10;

    /// <summary>
    /// The slowest request body (and response) a face accepts, in bytes per second, after a grace of
    /// <see cref="MinDataRateGraceSeconds"/>: a peer that trickles a large envelope to hold a slot is cut off.
    /// </summary>
    public double MinDataRateBytesPerSecond { get; set; } = 1024;

    /// <summary>The grace period before <see cref="MinDataRateBytesPerSecond"/> applies.</summary>
    public double MinDataRateGraceSeconds { get; set; } = 10;
}
