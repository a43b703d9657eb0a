using CrossBorder.Contracts.V1;
using CrossBorder.Core.Errors;
using CrossBorder.Core.Trust;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace CrossBorder.Gateway.Security;

/// <summary>Local face: the caller must be a local client of this gateway with a configured role.</summary>
internal sealed class LocalAuthorizationInterceptor(LocalClientValidator validator) : Interceptor
{
    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        var certificate = context.GetHttpContext().Connection.ClientCertificate
            ?? throw Reject.Because(ReasonCode.NotAuthorized, "no client certificate");
        var check = validator.Validate(certificate, null);
        if (!check.IsAccepted)
        {
            throw Reject.Because(check.Reason, check.Detail);
        }

        CallerIdentity.SetLocal(context, check.Client!);
        return continuation(request, context);
    }
}
