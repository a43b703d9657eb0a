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

    /// <summary>
    /// The tag naming the participant whose gateway made a span, set on the first span of each
    /// gateway's part of a trace (submit, dispatch, deliver); the spans under it inherit it. Several
    /// gateways can share one process and one trace spans two gateways: this tells them apart.
    /// </summary>
    public const string ParticipantTag = "crossborder.participant";

    /// <summary>
    /// Starts a span as a child of a stored W3C traceparent (e.g. the submit's), or of the current
    /// span; a gateway's first span of a trace names its <paramref name="participant"/>.
    /// </summary>
    public static Activity? Start(string name, ActivityKind kind, string? parent = null, string? participant = null)
    {
        IEnumerable<KeyValuePair<string, object?>>? tags = participant is null ? null : [new(ParticipantTag, participant)];
        if (parent is not null && ActivityContext.TryParse(parent, null, out var context))
        {
            return Source.StartActivity(name, kind, context, tags);
        }

        return Source.StartActivity(name, kind, default(ActivityContext), tags);
    }

    /// <summary>The participant of the nearest span, from <paramref name="activity"/> up its in-process parents, that names one.</summary>
    public static string? ParticipantOf(Activity activity)
    {
        for (var span = activity; span is not null; span = span.Parent)
        {
            if (span.GetTagItem(ParticipantTag) is string participant)
            {
                return participant;
            }
        }

        return null;
    }
}
