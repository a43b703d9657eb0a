using CrossBorder.Core.Exchange;
using CrossBorder.Core.Policy;

namespace CrossBorder.Gateway.Configuration;

/// <summary>How this gateway exchanges messages: lifetimes, clock skew, retries, retention, storage.</summary>
/// <param name="DatabasePath">The SQLite database file.</param>
/// <param name="DatabaseSynchronous">SQLite synchronous mode, FULL or NORMAL.</param>
/// <param name="MessageLifetime">How long our messages stay deliverable.</param>
/// <param name="MaxMessageLifetime">The longest lifetime accepted from a sender.</param>
/// <param name="ClockSkew">Tolerated clock difference.</param>
/// <param name="Retry">The backoff schedule.</param>
/// <param name="DeliveryTimeout">The deadline of one delivery attempt.</param>
/// <param name="DispatchParallelism">Deliveries in flight at once.</param>
/// <param name="InboxRetention">How long sealed bytes stay after acknowledgement.</param>
/// <param name="PseudonymKeys">The per-link pseudonymization keys.</param>
/// <param name="ConsoleTelemetry">Export spans to standard output.</param>
/// <param name="OtlpEndpoint">Export spans and metrics to this OTLP collector; null: none.</param>
/// <param name="LegalBases">The legal bases local clients may cite; empty: any short text.</param>
internal sealed record ExchangeSettings(
    string DatabasePath,
    string DatabaseSynchronous,
    TimeSpan MessageLifetime,
    TimeSpan MaxMessageLifetime,
    TimeSpan ClockSkew,
    RetrySchedule Retry,
    TimeSpan DeliveryTimeout,
    int DispatchParallelism,
    TimeSpan InboxRetention,
    IPseudonymKeySource PseudonymKeys,
    bool ConsoleTelemetry,
    Uri? OtlpEndpoint,
    System.Collections.Frozen.FrozenSet<string> LegalBases);
