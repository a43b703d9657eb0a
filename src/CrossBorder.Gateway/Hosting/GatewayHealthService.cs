using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Routing;
using Microsoft.Extensions.DependencyInjection;
using Microsoft.Extensions.Diagnostics.HealthChecks;

namespace CrossBorder.Gateway.Hosting;

/// <summary>
/// The gRPC health checking protocol (<c>grpc.health.v1.Health</c>) on a face, answered by
/// <see cref="GatewayHealth"/>: SERVING or NOT_SERVING for the whole gateway (service "") and for
/// the face's own service. The protocol has no room for reasons: they are in <c>/healthz</c> and the log.
/// </summary>
internal static class GatewayHealthService
{
    /// <summary>The full method names of the health service, as interceptors see them.</summary>
    public static bool IsHealthCall(string method) => method.StartsWith("/grpc.health.v1.Health/", StringComparison.Ordinal);

    /// <summary>Adds the health service and the gateway's check to a face's services; <paramref name="faceService"/> also answers for the face's own service.</summary>
    public static void AddTo(IServiceCollection services, string? faceService)
    {
        services.AddGrpcHealthChecks(o =>
        {
            if (faceService is not null)
            {
                o.Services.Map(faceService, _ => true);
            }
        }).AddCheck<Check>("gateway");
    }

    /// <summary>Maps the health service on a face.</summary>
    public static IEndpointConventionBuilder Map(IEndpointRouteBuilder app) => app.MapGrpcHealthChecksService();

    /// <summary>ASP.NET Core's view of <see cref="GatewayHealth"/>: unhealthy with the reason codes as its description.</summary>
    private sealed class Check(GatewayHealth health) : IHealthCheck
    {
        public async Task<HealthCheckResult> CheckHealthAsync(HealthCheckContext context, CancellationToken cancellationToken = default)
        {
            var report = await health.CheckAsync(cancellationToken).ConfigureAwait(false);
            return report.IsServing ? HealthCheckResult.Healthy() : HealthCheckResult.Unhealthy(report.Codes);
        }
    }
}
