using System.Collections.Frozen;
using CrossBorder.Core.Exchange;
using CrossBorder.Core.Policy;
using CrossBorder.Core.Storage;
using CrossBorder.Gateway.Configuration.Validation;
using CrossBorder.Storage.Postgres;
using CrossBorder.Storage.Sqlite;

namespace CrossBorder.Gateway.Configuration;

/// <summary>How this gateway exchanges messages: lifetimes, clock skew, retries, retention, storage, audit checkpoints.</summary>
/// <param name="DatabasePath">The SQLite database file.</param>
/// <param name="DatabaseSynchronous">SQLite synchronous mode, FULL or NORMAL.</param>
/// <param name="Postgres">The PostgreSQL store shared with this participant's other replicas; null: the SQLite file.</param>
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
/// <param name="AuditCheckpointEntries">Entries after which a signed audit checkpoint is written.</param>
/// <param name="AuditCheckpointInterval">The longest time between two audit checkpoints while entries are added.</param>
internal sealed record ExchangeSettings(
    string DatabasePath,
    string DatabaseSynchronous,
    PostgresStoreOptions? Postgres,
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
    FrozenSet<string> LegalBases,
    int AuditCheckpointEntries,
    TimeSpan AuditCheckpointInterval)
{
    /// <summary>The exchange settings of options the validators passed.</summary>
    public static ExchangeSettings From(GatewayOptions o, string dataDirectory, IPseudonymKeySource keys, PostgresStoreOptions? postgres)
    {
        ArgumentNullException.ThrowIfNull(o);
        var otlp = string.IsNullOrWhiteSpace(o.Telemetry.OtlpEndpoint) ? null : ExchangeSettingsValidator.OtlpEndpoint(o);
        return new ExchangeSettings(
            Path.GetFullPath(o.Database, dataDirectory),
            o.DatabaseSynchronous,
            postgres,
            TimeSpan.FromHours(o.MessageLifetimeHours),
            TimeSpan.FromHours(o.MaxMessageLifetimeHours),
            TimeSpan.FromSeconds(o.ClockSkewSeconds),
            new RetrySchedule(TimeSpan.FromSeconds(o.RetryInitialSeconds), TimeSpan.FromSeconds(o.RetryMaxSeconds)),
            TimeSpan.FromSeconds(o.DeliveryTimeoutSeconds),
            o.DispatchParallelism,
            TimeSpan.FromHours(o.InboxRetentionHours),
            keys,
            o.Telemetry.Console,
            otlp,
            o.LegalBases.Select(b => b.Trim()).Where(b => b.Length > 0).ToFrozenSet(StringComparer.Ordinal),
            o.AuditCheckpointEntries,
            TimeSpan.FromMinutes(o.AuditCheckpointMinutes));
    }

    /// <summary>
    /// The store these settings name, not yet initialized: the PostgreSQL database shared by the
    /// replicas when configured, otherwise the SQLite file.
    /// </summary>
    public IMessageStore CreateStore(TimeProvider time) => Postgres is { } postgres
        ? new PostgresMessageStore(postgres, time)
        : new SqliteMessageStore(DatabasePath, new SqliteStoreOptions { Synchronous = DatabaseSynchronous });

    /// <summary>The store in words for logs and the console: its kind and where it is, never a password.</summary>
    public string StoreDescription => Postgres is { } postgres
        ? PostgresMessageStore.Describe(postgres)
        : $"SQLite file {DatabasePath}";
}
