using CrossBorder.Core.Delivery;
using Microsoft.Extensions.Options;

namespace CrossBorder.Gateway.Configuration.Validation;

/// <summary>Lifetimes, retries, dispatch, retention, database, audit checkpoints, telemetry, legal bases and the pseudonym key id: what <see cref="ExchangeSettings"/> is made of.</summary>
internal sealed class ExchangeSettingsValidator : IValidateOptions<GatewayOptions>
{
    public ValidateOptionsResult Validate(string? name, GatewayOptions options)
    {
        ArgumentNullException.ThrowIfNull(options);
        var o = options;
        var problems = new OptionProblems();
        problems.Range(o.MessageLifetimeHours, 0.001, 24 * 30, nameof(o.MessageLifetimeHours));
        problems.Range(o.MaxMessageLifetimeHours, 0.001, 24 * 365, nameof(o.MaxMessageLifetimeHours));
        problems.Range(o.ClockSkewSeconds, 0, 3600, nameof(o.ClockSkewSeconds));
        problems.Range(o.RetryInitialSeconds, 0.01, 3600, nameof(o.RetryInitialSeconds));
        problems.Range(o.RetryMaxSeconds, 0.01, 24 * 3600, nameof(o.RetryMaxSeconds));
        problems.Range(o.DeliveryTimeoutSeconds, 0.1, 600, nameof(o.DeliveryTimeoutSeconds));
        problems.Range(o.DispatchParallelism, 1, 256, nameof(o.DispatchParallelism));
        problems.Range(o.InboxRetentionHours, 0, 24 * 3650, nameof(o.InboxRetentionHours));
        problems.Range(o.AuditCheckpointEntries, 1, 10_000_000, nameof(o.AuditCheckpointEntries));
        problems.Range(o.AuditCheckpointMinutes, 0.1, 24 * 60, nameof(o.AuditCheckpointMinutes));
        if (o.MessageLifetimeHours > o.MaxMessageLifetimeHours)
        {
            problems.Add($"{nameof(o.MessageLifetimeHours)} must not exceed {nameof(o.MaxMessageLifetimeHours)}");
        }

        if (o.DatabaseSynchronous is not ("FULL" or "NORMAL"))
        {
            problems.Add($"{nameof(o.DatabaseSynchronous)} must be FULL or NORMAL");
        }

        if (!string.Equals(o.Store, StoreKinds.Sqlite, StringComparison.OrdinalIgnoreCase) && !string.Equals(o.Store, StoreKinds.Postgres, StringComparison.OrdinalIgnoreCase))
        {
            problems.Add($"{nameof(o.Store)} must be {StoreKinds.Sqlite} or {StoreKinds.Postgres}");
        }

        if (string.IsNullOrWhiteSpace(o.Database))
        {
            problems.Add($"{nameof(o.Database)} is required");
        }

        if (!string.IsNullOrWhiteSpace(o.Telemetry.OtlpEndpoint) && OtlpEndpoint(o) is null)
        {
            problems.Add($"{nameof(o.Telemetry)}.{nameof(o.Telemetry.OtlpEndpoint)} must be an http(s) URL such as http://127.0.0.1:4317");
        }

        // The rule receivers hold the signed legal basis to: an entry outside it could never be sent.
        if (o.LegalBases.Any(b => InnerHeaderFormat.LegalBasisProblem(b) is not null))
        {
            problems.Add($"{nameof(o.LegalBases)}: every entry must be a citation of 1 to 256 characters: letters, digits, single spaces and . , / - : ( ) § ' _ &, no space at either end");
        }

        if (!IsPseudonymKeyId(o.PseudonymKeyId))
        {
            problems.Add($"{nameof(o.PseudonymKeyId)} must be letters and digits");
        }

        return problems.Result();
    }

    /// <summary>The OTLP endpoint when it is an http(s) URL; null otherwise.</summary>
    public static Uri? OtlpEndpoint(GatewayOptions o) =>
        Uri.TryCreate(o.Telemetry.OtlpEndpoint, UriKind.Absolute, out var otlp) && otlp.Scheme is "http" or "https" ? otlp : null;

    public static bool IsPseudonymKeyId(string id) => !string.IsNullOrEmpty(id) && id.All(char.IsAsciiLetterOrDigit);
}
