using CrossBorder.Core.Telemetry;
using CrossBorder.Core.Trust;
using CrossBorder.Gateway.Configuration;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;
using OpenTelemetry.Resources;
using OpenTelemetry.Trace;

namespace CrossBorder.Gateway.Hosting;

/// <summary>
/// OpenTelemetry export, when configured: the exchange's spans (one trace per message across
/// both gateways) and the gateway's metrics (messages, policy decisions, retry depth, outbox age,
/// trust list, revocation and certificate expiry). Activity listeners are process-wide, so the
/// registration in the peer face's container covers spans made anywhere in the gateway.
/// </summary>
internal static class GatewayTelemetry
{
    public static void Add(IServiceCollection services, ParticipantId participant, ExchangeSettings exchange)
    {
        ArgumentNullException.ThrowIfNull(participant);
        ArgumentNullException.ThrowIfNull(exchange);
        if (!exchange.ConsoleTelemetry && exchange.OtlpEndpoint is null)
        {
            return;
        }

        services.AddOpenTelemetry()
            .ConfigureResource(resource => resource
                .AddService("crossborder-gateway", serviceInstanceId: participant.ToString())
                .AddAttributes([new("crossborder.participant", participant.ToString())]))
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
            })
            .WithMetrics(metrics =>
            {
                metrics.AddMeter("CrossBorder.*");
                if (exchange.OtlpEndpoint is { } endpoint)
                {
                    metrics.AddOtlpExporter(o => o.Endpoint = endpoint);
                }
            });
    }
}
