namespace CrossBorder.Gateway.Configuration;

/// <summary>OpenTelemetry export: spans and metrics carry ids, types, states and reason codes, never payload values.</summary>
public sealed class TelemetryOptions
{
    /// <summary>Write finished spans to standard output (the demo sends each gateway's output to its own log file).</summary>
    public bool Console { get; set; }

    /// <summary>An OTLP collector for traces and metrics, e.g. <c>http://127.0.0.1:4317</c>; empty: none.</summary>
    public string OtlpEndpoint { get; set; } = "";
}
