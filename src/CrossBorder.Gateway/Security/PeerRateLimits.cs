using System.Threading.RateLimiting;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Delivery.Outbound;
using CrossBorder.Core.Errors;
using CrossBorder.Core.Telemetry;
using CrossBorder.Core.Trust;
using CrossBorder.Gateway.Configuration;
using CrossBorder.Gateway.Exchange;
using Microsoft.AspNetCore.Builder;
using Microsoft.AspNetCore.Http;
using Microsoft.Extensions.DependencyInjection;

namespace CrossBorder.Gateway.Security;

/// <summary>
/// The peer face's flood limits, with ASP.NET Core's rate-limiting middleware, per peer (the
/// participant its TLS certificate names; the handshake verified it): at most
/// <see cref="GatewayLimits.PeerConcurrentDeliveries"/> Deliver calls in flight, and none at all
/// once the peer has spent its <see cref="GatewayLimits.PeerRefusalBudget"/> of refusals in the
/// window. Both are decided before the call's envelope is read, so a refused call costs no
/// envelope's memory; it is answered RATE_LIMITED (RESOURCE_EXHAUSTED) and the sender retries.
/// </summary>
internal sealed class PeerRateLimits : IDisposable
{
    private const string DeliverPath = "/crossborder.v1.PeerExchange/Deliver";

    private readonly GatewayLimits _limits;
    private readonly PartitionedRateLimiter<string> _refusals;

    public PeerRateLimits(GatewayLimits limits)
    {
        _limits = limits;
        _refusals = PartitionedRateLimiter.Create<string, string>(peer => RateLimitPartition.GetFixedWindowLimiter(peer, _ => new FixedWindowRateLimiterOptions
        {
            PermitLimit = limits.PeerRefusalBudget,
            Window = limits.RefusalWindow,
            QueueLimit = 0,
            AutoReplenishment = true,
        }));
    }

    /// <summary>Spends one refusal of the peer's budget; refusals that are this gateway's own trouble (transient ones) cost nothing.</summary>
    public void SpendRefusal(ParticipantId peer, ReasonCode reason)
    {
        ArgumentNullException.ThrowIfNull(peer);
        if (!DeliveryAttempt.IsTransient(reason))
        {
            using var lease = _refusals.AttemptAcquire(peer.ToString());
        }
    }

    /// <summary>Adds the middleware's services with the peer face's global limiter.</summary>
    public void AddTo(IServiceCollection services)
    {
        services.AddSingleton(this);
        services.AddRateLimiter(options =>
        {
            // Two limiters per peer, both asked before the call's message is read: the refusal
            // budget's gate, then the delivery slots. Calls other than Deliver (ping) are not limited.
            options.GlobalLimiter = PartitionedRateLimiter.CreateChained(
                PartitionedRateLimiter.Create<HttpContext, string>(context => DeliverPeerOf(context) is { } peer
                    ? RateLimitPartition.Get(peer, key => new RefusalBudgetGate(_refusals, key))
                    : RateLimitPartition.GetNoLimiter("")),
                PartitionedRateLimiter.Create<HttpContext, string>(context => DeliverPeerOf(context) is { } peer
                    ? RateLimitPartition.GetConcurrencyLimiter(peer, _ => new ConcurrencyLimiterOptions { PermitLimit = _limits.PeerConcurrentDeliveries, QueueLimit = 0 })
                    : RateLimitPartition.GetNoLimiter("")));
            options.OnRejected = (context, _) =>
            {
                var peer = DeliverPeerOf(context.HttpContext) ?? "unknown";
                context.HttpContext.RequestServices.GetRequiredService<RefusalAudit>().Count(peer, ReasonCode.RateLimited);
                context.HttpContext.RequestServices.GetRequiredService<GatewayMetrics>().Refused("in", peer, ReasonCode.RateLimited);
                ErrorStatus.WriteTrailersOnly(context.HttpContext.Response, Reject.Because(ReasonCode.RateLimited, "too many calls or refusals from this peer; try again later"));
                return ValueTask.CompletedTask;
            };
        });
    }

    public void Dispose() => _refusals.Dispose();

    /// <summary>
    /// The peer of a Deliver call. Without a participant in the certificate there is no peer to
    /// count; the authorization interceptor refuses such a call before anything is read.
    /// </summary>
    private static string? DeliverPeerOf(HttpContext context) =>
        context.Request.Path.Equals(DeliverPath, StringComparison.Ordinal) ? PeerOf(context) : null;

    private static string? PeerOf(HttpContext context) =>
        context.Connection.ClientCertificate is { } certificate && ParticipantId.TryFromCertificate(certificate, out var peer) ? peer.ToString() : null;
}
