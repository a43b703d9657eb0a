using System.Diagnostics.Metrics;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Telemetry;
using CrossBorder.Core.Trust;

namespace CrossBorder.Core.Tests.Telemetry;

public sealed class GatewayMetricsTests
{
    [Fact]
    public void Two_gateways_in_one_process_publish_on_meters_of_their_own_factories()
    {
        using var first = new CountingFactory();
        using var second = new CountingFactory();
        var one = new GatewayMetrics(first);
        var two = new GatewayMetrics(second);

        var seen = new List<(Meter Meter, long Value, string Outcome)>();
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter.Name == GatewayMetrics.MeterName && instrument.Name == "crossborder.messages")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((instrument, value, tags, _) =>
            seen.Add((instrument.Meter, value, (string)tags.ToArray().Single(t => t.Key == "outcome").Value!)));
        listener.Start();

        one.Message("out", MessageType.ReturnPlan, ParticipantId.Parse("AL/NCP"), "DELIVERED");
        two.Refused("in", "IT/NCP", ReasonCode.RateLimited);

        Assert.Equal(2, seen.Count);
        Assert.Same(first.Created.Single(), seen[0].Meter);
        Assert.Same(second.Created.Single(), seen[1].Meter);
        Assert.Equal("DELIVERED", seen[0].Outcome);
        Assert.Equal("RATE_LIMITED", seen[1].Outcome);
    }

    [Fact]
    public void Message_tags_are_direction_type_peer_and_outcome_only()
    {
        using var factory = new CountingFactory();
        var metrics = new GatewayMetrics(factory);
        string[]? keys = null;
        using var listener = new MeterListener();
        listener.InstrumentPublished = (instrument, l) =>
        {
            if (instrument.Meter == factory.Created.Single() && instrument.Name == "crossborder.messages")
            {
                l.EnableMeasurementEvents(instrument);
            }
        };
        listener.SetMeasurementEventCallback<long>((_, _, tags, _) => keys = [.. tags.ToArray().Select(t => t.Key)]);
        listener.Start();

        metrics.Message("in", MessageType.IdentityConfirmationRequest, ParticipantId.Parse("IT/NCP"), "ACCEPTED");

        Assert.Equal(["direction", "message_type", "peer", "outcome"], keys!);
    }

    /// <summary>A meter factory that remembers the meters it made and disposes them.</summary>
    private sealed class CountingFactory : IMeterFactory
    {
        public List<Meter> Created { get; } = [];

        public Meter Create(MeterOptions options)
        {
            var meter = new Meter(options);
            Created.Add(meter);
            return meter;
        }

        public void Dispose()
        {
            foreach (var meter in Created)
            {
                meter.Dispose();
            }
        }
    }
}
