using CrossBorder.Contracts.V1;
using CrossBorder.Core.Errors;
using CrossBorder.Gateway.Hosting;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.Logging;

namespace CrossBorder.Gateway.Security;

/// <summary>
/// Maps refusals to status at the edge and keeps exception text away from callers: an
/// unexpected exception is logged by type only (its message may quote input) and answered
/// with UNAVAILABLE.
/// </summary>
internal sealed class ErrorInterceptor(ILogger<ErrorInterceptor> logger) : Interceptor
{
    public override async Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        try
        {
            return await continuation(request, context).ConfigureAwait(false);
        }
        catch (RejectedException ex)
        {
            GatewayLog.CallRefused(logger, context.Method, ex.Reason.Name(), ex.Message);
            if (ex.Diagnostic is not null)
            {
                GatewayLog.RefusalDiagnostic(logger, context.Method, ex.Reason.Name(), ex.Diagnostic);
            }

            throw ErrorStatus.ToRpcException(ex.Reason, ex.Message);
        }
        catch (RpcException)
        {
            throw;
        }
        catch (Exception ex) when (ex is not OperationCanceledException)
        {
            GatewayLog.CallFailed(logger, context.Method, ex.GetType().FullName ?? "exception");
            throw ErrorStatus.ToRpcException(ReasonCode.Unavailable, "temporary failure, try again");
        }
    }
}
