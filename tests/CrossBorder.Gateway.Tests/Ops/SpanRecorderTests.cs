using System.Diagnostics;
using CrossBorder.Core.Telemetry;
using CrossBorder.Core.Trust;
using CrossBorder.Gateway.Ops;

namespace CrossBorder.Gateway.Tests.Ops;

/// <summary>
/// Two gateways in one process share the activity source and one trace: each recorder keeps the
/// spans made under its own participant's first span, and only the tags that hold ids and codes.
/// </summary>
public sealed class SpanRecorderTests
{
    [Fact]
    public void Each_gateways_recorder_keeps_its_own_spans_of_a_shared_trace_and_only_known_tags()
    {
        using var italy = new SpanRecorder(ParticipantId.Parse("IT/NCP"));
        using var albania = new SpanRecorder(ParticipantId.Parse("AL/NCP"));
        var previous = Activity.Current;
        Activity.Current = null;
        string traceParent;
        string traceId;
        try
        {
            using (var submit = ExchangeTelemetry.Start("submit", ActivityKind.Internal, participant: "IT/NCP")!)
            {
                submit.SetTag("crossborder.message_id", "0123456789abcdef0123456789abcdef");
                submit.SetTag("crossborder.free_text", "SHEMBULLI");
                using (ExchangeTelemetry.Start("seal", ActivityKind.Internal))
                {
                }

                traceParent = submit.Id!;
                traceId = submit.TraceId.ToHexString();
            }

            Activity.Current = null;
            using (ExchangeTelemetry.Start("deliver", ActivityKind.Server, traceParent, "AL/NCP"))
            using (ExchangeTelemetry.Start("open", ActivityKind.Internal))
            {
            }

            Activity.Current = null;
            using (ExchangeTelemetry.Start("untagged", ActivityKind.Internal, traceParent))
            {
            }
        }
        finally
        {
            Activity.Current = previous;
        }

        Assert.Equal(["submit", "seal"], italy.Trace(traceId).Select(s => s.Name));
        Assert.Equal(["deliver", "open"], albania.Trace(traceId).Select(s => s.Name));
        var submitted = italy.Trace(traceId)[0];
        Assert.Contains(new KeyValuePair<string, string>("crossborder.message_id", "0123456789abcdef0123456789abcdef"), submitted.Tags);
        Assert.DoesNotContain(submitted.Tags, t => t.Value.Contains("SHEMBULLI", StringComparison.Ordinal));
        Assert.Equal(albania.Trace(traceId)[0].SpanId, albania.Trace(traceId)[1].ParentSpanId);
        Assert.Empty(italy.Trace("00000000000000000000000000000000"));
    }
}
