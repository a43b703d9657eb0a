using CrossBorder.Core.Telemetry;
using CrossBorder.Core.Trust;
using CrossBorder.Gateway.Configuration;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.Metrics;
using Microsoft.Extensions.Options;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace CrossBorder.Gateway.Hosting;

/// <summary>
/// OpenTelemetry: the gateway's metrics (messages, policy decisions, retry depth, outbox backlog,
/// trust list, revocation and certificate expiry) always, for <c>/metrics</c> on the operations
/// face and, when configured, for OTLP; the exchange's spans (one trace per message across both
/// gateways) when console or OTLP export is configured.
/// </summary>
internal static class GatewayTelemetry
{
    /// <summary>
    /// Metrics, in the shared container whose meter factory makes <see cref="GatewayMetrics"/>'
    /// meter: the listener takes only meters of that factory (<see cref="MeterScope.Local"/>), so
    /// two gateways in one process each export their own instruments and nobody else's.
    /// Start with <see cref="StartMetrics"/> once the container is built.
    /// </summary>
    public static void AddMetrics(IServiceCollection shared, ParticipantId participant, ExchangeSettings exchange)
    {
        ArgumentNullException.ThrowIfNull(participant);
        ArgumentNullException.ThrowIfNull(exchange);
        shared.AddMetrics(metrics => metrics.EnableMetrics(
            GatewayMetrics.MeterName, instrumentName: null, listenerName: "OpenTelemetry", scopes: MeterScope.Local));
        shared.AddOpenTelemetry()
            .ConfigureResource(resource => Describe(resource, participant))
            .WithMetrics(provider =>
            {
                provider.AddPrometheusExporter();
                if (exchange.OtlpEndpoint is { } endpoint)
                {
                    provider.AddOtlpExporter(o => o.Endpoint = endpoint);
                }
            });
    }

    /// <summary>Builds the meter provider and connects the listener (what a host does when it starts); the provider, for <c>/metrics</c>.</summary>
    public static MeterProvider StartMetrics(IServiceProvider shared)
    {
        ArgumentNullException.ThrowIfNull(shared);
        var provider = shared.GetRequiredService<MeterProvider>();
        shared.GetService<IStartupValidator>()?.Validate();
        return provider;
    }

    /// <summary>Spans, when console or OTLP export is configured. Activity listeners are process-wide, so the registration in one face's container covers spans made anywhere in the gateway.</summary>
    public static void AddTracing(IServiceCollection services, ParticipantId participant, ExchangeSettings exchange)
    {
        ArgumentNullException.ThrowIfNull(participant);
        ArgumentNullException.ThrowIfNull(exchange);
        if (!exchange.ConsoleTelemetry && exchange.OtlpEndpoint is null)
        {
            return;
        }

        services.AddOpenTelemetry()
            .ConfigureResource(resource => Describe(resource, participant))
            .WithTracing(tracing =>
            {
                tracing.AddSource(ExchangeTelemetry.Name);
                if (exchange.ConsoleTelemetry)
                {
                    tracing.AddConsoleExporter();
                }

                if (exchange.OtlpEndpoint is { } endpoint)
                {
                    tracing.AddOtlpExporter(o => o.Endpoint = endpoint);
                }
            });
    }

    private static void Describe(ResourceBuilder resource, ParticipantId participant) => resource
        .AddService("crossborder-gateway", serviceInstanceId: participant.ToString())
        .AddAttributes([new("crossborder.participant", participant.ToString())]);
}
