using System.Diagnostics;
using CrossBorder.Core.Telemetry;
using CrossBorder.Core.Trust;

namespace CrossBorder.Gateway.Ops;

/// <summary>A finished span as the console shows it: names, times, status and id or code tags only.</summary>
internal sealed record RecordedSpan(
    string TraceId,
    string SpanId,
    string? ParentSpanId,
    string Name,
    ActivityKind Kind,
    DateTimeOffset Start,
    TimeSpan Duration,
    ActivityStatusCode Status,
    IReadOnlyList<KeyValuePair<string, string>> Tags);

/// <summary>
/// The recent finished spans of one gateway, in memory, for the console's message page: a ring of
/// the last <see cref="Capacity"/> spans. The activity source is process-wide and one trace spans
/// both gateways of an exchange, so each gateway's recorder keeps only the spans whose nearest
/// participant tag (<see cref="ExchangeTelemetry.ParticipantTag"/>) names its own participant.
/// Only tags that hold ids, types, counts and outcomes are kept.
/// </summary>
internal sealed class SpanRecorder : IDisposable
{
    public const int Capacity = 4096;

    /// <summary>The tags kept: ids, types, codes and counts (no free text reaches a span, but the console shows only what it knows).</summary>
    private static readonly HashSet<string> KeptTags = new(StringComparer.Ordinal)
    {
        "crossborder.message_id", "crossborder.message_type", "crossborder.recipient", "crossborder.sender",
        "crossborder.attempt", "crossborder.outcome", ExchangeTelemetry.ParticipantTag,
    };

    private const int MaxTagLength = 64;

    private readonly string _self;
    private readonly ActivityListener _listener;
    private readonly RecordedSpan?[] _ring = new RecordedSpan?[Capacity];
    private readonly Lock _gate = new();
    private long _next;

    public SpanRecorder(ParticipantId self)
    {
        ArgumentNullException.ThrowIfNull(self);
        _self = self.ToString();
        _listener = new ActivityListener
        {
            ShouldListenTo = source => source.Name == ExchangeTelemetry.Name,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = Stopped,
        };
        ActivitySource.AddActivityListener(_listener);
    }

    /// <summary>The recorded spans of one trace (32 hex digits), oldest first.</summary>
    public IReadOnlyList<RecordedSpan> Trace(string traceId)
    {
        lock (_gate)
        {
            return [.. _ring.Where(s => s is not null && s.TraceId == traceId).Select(s => s!).OrderBy(s => s.Start)];
        }
    }

    public void Dispose() => _listener.Dispose();

    private void Stopped(Activity activity)
    {
        if (activity.Source.Name != ExchangeTelemetry.Name || ExchangeTelemetry.ParticipantOf(activity) != _self)
        {
            return;
        }

        var tags = activity.TagObjects
            .Where(t => KeptTags.Contains(t.Key) && t.Value is not null)
            .Select(t => new KeyValuePair<string, string>(t.Key, Bounded(Convert.ToString(t.Value, System.Globalization.CultureInfo.InvariantCulture) ?? "")))
            .ToList();
        var span = new RecordedSpan(
            activity.TraceId.ToHexString(),
            activity.SpanId.ToHexString(),
            activity.ParentSpanId == default ? null : activity.ParentSpanId.ToHexString(),
            activity.OperationName,
            activity.Kind,
            new DateTimeOffset(activity.StartTimeUtc, TimeSpan.Zero),
            activity.Duration,
            activity.Status,
            tags);
        lock (_gate)
        {
            _ring[_next % Capacity] = span;
            _next++;
        }
    }

    private static string Bounded(string value) => value.Length <= MaxTagLength ? value : value[..MaxTagLength];
}
