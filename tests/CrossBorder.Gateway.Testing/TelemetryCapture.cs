using System.Collections.Concurrent;
using System.Diagnostics;
using System.Diagnostics.Metrics;
using System.Text;

namespace CrossBorder.Gateway.Testing;

/// <summary>
/// Everything the process exports while it lives, as text: every finished span (name, status, tags,
/// baggage, events with their tags) and every metric measurement (meter, instrument, tags). The
/// "no personal data" tests search it for the values they sent.
/// </summary>
internal sealed class TelemetryCapture : IDisposable
{
    private readonly ConcurrentQueue<string> _lines = new();
    private readonly ActivityListener _spans;
    private readonly MeterListener _metrics;
    private int _spanCount;

    public TelemetryCapture()
    {
        _spans = new ActivityListener
        {
            ShouldListenTo = _ => true,
            Sample = (ref ActivityCreationOptions<ActivityContext> _) => ActivitySamplingResult.AllDataAndRecorded,
            ActivityStopped = Record,
        };
        ActivitySource.AddActivityListener(_spans);
        _metrics = new MeterListener
        {
            InstrumentPublished = (instrument, listener) => listener.EnableMeasurementEvents(instrument),
        };
        _metrics.SetMeasurementEventCallback<long>((instrument, _, tags, _) => Record(instrument, tags));
        _metrics.SetMeasurementEventCallback<int>((instrument, _, tags, _) => Record(instrument, tags));
        _metrics.SetMeasurementEventCallback<double>((instrument, _, tags, _) => Record(instrument, tags));
        _metrics.Start();
    }

    /// <summary>What was exported so far, one entry per span part or measurement.</summary>
    public IReadOnlyList<string> Lines => [.. _lines];

    /// <summary>How many spans finished.</summary>
    public int Spans => Volatile.Read(ref _spanCount);

    private void Record(Activity activity)
    {
        Interlocked.Increment(ref _spanCount);
        _lines.Enqueue(activity.DisplayName);
        _lines.Enqueue(activity.StatusDescription ?? "");
        foreach (var tag in activity.TagObjects)
        {
            _lines.Enqueue($"{tag.Key}={tag.Value}");
        }

        foreach (var item in activity.Baggage)
        {
            _lines.Enqueue($"{item.Key}={item.Value}");
        }

        foreach (var e in activity.Events)
        {
            _lines.Enqueue(e.Name + string.Join(",", e.Tags.Select(t => $"{t.Key}={t.Value}")));
        }
    }

    private void Record(Instrument instrument, ReadOnlySpan<KeyValuePair<string, object?>> tags)
    {
        var line = new StringBuilder(instrument.Meter.Name).Append(' ').Append(instrument.Name);
        foreach (var tag in tags)
        {
            line.Append(' ').Append(tag.Key).Append('=').Append(tag.Value);
        }

        _lines.Enqueue(line.ToString());
    }

    public void Dispose()
    {
        _spans.Dispose();
        _metrics.Dispose();
    }
}
