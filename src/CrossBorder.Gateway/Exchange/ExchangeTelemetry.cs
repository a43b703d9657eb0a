using System.Diagnostics;
using System.Diagnostics.Metrics;

namespace CrossBorder.Gateway.Exchange;

/// <summary>
/// The exchange's spans and metrics. One trace per message: submit → minimize → seal → dispatch
/// (a child per attempt) → the peer's deliver → open → inbox commit → receipt verified. Tags
/// are ids, types, states and reason codes; never payload values.
/// </summary>
internal static class ExchangeTelemetry
{
    /// <summary>The name of the activity source and meter.</summary>
    public const string Name = "CrossBorder.Gateway";

    /// <summary>The W3C trace context header carried in gRPC metadata.</summary>
    public const string TraceParentHeader = "traceparent";

    public static readonly ActivitySource Source = new(Name);

    public static readonly Meter Meter = new(Name);

    /// <summary>Messages by direction, type, peer and outcome.</summary>
    public static readonly Counter<long> Messages = Meter.CreateCounter<long>("crossborder.messages", description: "Messages by direction, type, peer and outcome");

    /// <summary>Fields removed, generalized or pseudonymized, and refusals, by rule.</summary>
    public static readonly Counter<long> PolicyDecisions = Meter.CreateCounter<long>("crossborder.policy.decisions", description: "Minimization decisions by action and rule");

    /// <summary>Inbox messages quarantined because they could not be opened for reading, by type, peer and reason.</summary>
    public static readonly Counter<long> Quarantined = Meter.CreateCounter<long>("crossborder.inbox.quarantined", description: "Inbox messages quarantined after repeated failed opens");

    /// <summary>Attempts a message needed to be delivered (or to fail).</summary>
    public static readonly Histogram<int> RetryDepth = Meter.CreateHistogram<int>("crossborder.outbox.attempts", description: "Delivery attempts per finished message");

    /// <summary>Age of a message when it left the outbox for good.</summary>
    public static readonly Histogram<double> OutboxAge = Meter.CreateHistogram<double>("crossborder.outbox.age", unit: "s", description: "Seconds from queue to a final state");

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
