using CrossBorder.Contracts.V1;
using CrossBorder.Core.Contracts;
using CrossBorder.Core.Errors;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Core.Interceptors;

namespace CrossBorder.Gateway.Security;

/// <summary>
/// Both faces, after authentication: a request holding anything the contract does not define as
/// sent (an unknown field number, a known number with another wire type, a group, an undefined
/// enum value), at any depth, is refused with UNKNOWN_FIELD before any service sees it.
/// </summary>
internal sealed class ContractInterceptor : Interceptor
{
    public override Task<TResponse> UnaryServerHandler<TRequest, TResponse>(
        TRequest request, ServerCallContext context, UnaryServerMethod<TRequest, TResponse> continuation)
    {
        if (request is IMessage message && UnknownFields.Find(message) is { } unknown)
        {
            throw Reject.Because(ReasonCode.UnknownField, $"the request has a field or value the contract does not define: {unknown}");
        }

        return continuation(request, context);
    }
}
