using System.Diagnostics;

namespace CrossBorder.Core.Telemetry;

/// <summary>
/// The exchange's spans (its metrics are <see cref="GatewayMetrics"/>). One trace per message: submit → minimize → seal → dispatch
/// (a child per attempt) → the peer's deliver → open → inbox commit → receipt verified. Tags
/// are ids, types, states and reason codes; never payload values.
/// </summary>
public static class ExchangeTelemetry
{
    /// <summary>The name of the activity source.</summary>
    public const string Name = "CrossBorder.Gateway";

    /// <summary>The W3C trace context header carried in gRPC metadata.</summary>
    public const string TraceParentHeader = "traceparent";

    /// <summary>The one activity source of the exchange.</summary>
    public static readonly ActivitySource Source = new(Name);

    /// <summary>Starts a span as a child of a stored W3C traceparent (e.g. the submit's), or of the current span.</summary>
    public static Activity? Start(string name, ActivityKind kind, string? parent = null)
    {
        if (parent is not null && ActivityContext.TryParse(parent, null, out var context))
        {
            return Source.StartActivity(name, kind, context);
        }

        return Source.StartActivity(name, kind);
    }
}
