using CrossBorder.Gateway.Hosting;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;
using OpenTelemetry.Metrics;

namespace CrossBorder.Gateway.Ops;

/// <summary>
/// What the operations face offers machines: <c>/healthz</c> (anonymous plain text: SERVING, or
/// NOT_SERVING and one line per reason code with what to do; 200 or 503), the gRPC health service
/// (anonymous), and <c>/metrics</c> for Prometheus (the gateway's own meter through OpenTelemetry's
/// Prometheus exporter), which needs the scraper's bearer token and nothing else: a console
/// session does not open it, so a browser never holds a credential that scrapes.
/// </summary>
internal static class OpsMonitoring
{
    public static void AddTo(IServiceCollection services)
    {
        services.AddGrpc(o => o.EnableDetailedErrors = false);
        GatewayHealthService.AddTo(services, faceService: null);
    }

    public static void Map(WebApplication app, IServiceProvider shared)
    {
        ArgumentNullException.ThrowIfNull(app);
        app.MapGet("/healthz", HealthzAsync).AllowAnonymous();
        GatewayHealthService.Map(app).AllowAnonymous();

        var backlog = shared.GetRequiredService<OutboxBacklogMonitor>();
        app.MapPrometheusScrapingEndpoint("/metrics", shared.GetRequiredService<MeterProvider>(), branch => branch.Use(async (context, next) =>
        {
            // The backlog gauges show the store as of this scrape; a failed read leaves them out.
            try
            {
                await backlog.RefreshAsync(context.RequestAborted).ConfigureAwait(false);
            }
            catch (Exception ex) when (ex is not OperationCanceledException)
            {
                // The health check reports the store.
            }

            await next(context).ConfigureAwait(false);
        }), optionsName: null).RequireAuthorization(OpsFace.ScraperPolicy);
    }

    private static async Task HealthzAsync(HttpContext context, GatewayHealth health)
    {
        var report = await health.CheckAsync(context.RequestAborted).ConfigureAwait(false);
        context.Response.StatusCode = report.IsServing ? StatusCodes.Status200OK : StatusCodes.Status503ServiceUnavailable;
        context.Response.ContentType = "text/plain; charset=utf-8";
        await context.Response.WriteAsync(report.Text, context.RequestAborted).ConfigureAwait(false);
    }
}
