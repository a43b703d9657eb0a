using System.Diagnostics.Metrics;
using CrossBorder.Core.Telemetry;
using Microsoft.Extensions.DependencyInjection;

namespace CrossBorder.Gateway.Tests.Infrastructure;

/// <summary>A gateway metrics source of its own for a unit under test (the host makes one per gateway).</summary>
internal static class TestMetrics
{
    public static GatewayMetrics Create() =>
        new(new ServiceCollection().AddMetrics().BuildServiceProvider().GetRequiredService<IMeterFactory>());
}
