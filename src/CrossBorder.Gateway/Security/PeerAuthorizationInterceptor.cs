using CrossBorder.Contracts.V1;
using CrossBorder.Core.Errors;
using CrossBorder.Core.Trust;
using CrossBorder.Gateway.Hosting;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace CrossBorder.Gateway.Security;

/// <summary>
/// Peer face: every call is re-checked against the trust list in force (the TLS handshake may
/// have happened under an older one) and the verified participant is handed to the service.
/// A health check is answered even while the trust list is stale (it answers NOT_SERVING then),
/// for any caller the handshake admitted: it is neither exchange nor a refusal.
/// </summary>
internal sealed class PeerAuthorizationInterceptor(PeerCertificateValidator validator, TrustListManager trust) : Interceptor
{
    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        if (GatewayHealthService.IsHealthCall(context.Method))
        {
            return continuation(request, context);
        }

        // A stale trust list stops all exchange (TRUST_LIST_STALE) until a fresh one arrives.
        trust.RequireUsable();
        var certificate = context.GetHttpContext().Connection.ClientCertificate
            ?? throw Reject.Because(ReasonCode.NotAuthorized, "no client certificate");
        var check = validator.Validate(certificate, null, CertificatePurpose.TlsClient);
        if (!check.IsAccepted)
        {
            throw Reject.Because(check.Reason, check.Detail);
        }

        CallerIdentity.SetPeer(context, check.Participant!);
        return continuation(request, context);
    }
}
