using CrossBorder.Contracts.V1;
using CrossBorder.Core.Contracts;
using CrossBorder.Core.Errors;
using CrossBorder.Gateway.Exchange;
using Google.Protobuf;
using Grpc.Core;
using Grpc.Core.Interceptors;
using Microsoft.Extensions.DependencyInjection;

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
        if (request is IMessage message && Find(message) is { } unknown)
        {
            if (request is DeliverRequest)
            {
                // A peer's refused delivery costs its refusal budget and is counted in the audit, as
                // every other refusal of bytes it sent.
                var peer = CallerIdentity.Peer(context);
                var services = context.GetHttpContext().RequestServices;
                services.GetRequiredService<PeerRateLimits>().SpendRefusal(peer, ReasonCode.UnknownField);
                services.GetRequiredService<RefusalAudit>().Count(peer.ToString(), ReasonCode.UnknownField);
            }

            throw Reject.Because(ReasonCode.UnknownField, $"the request has a field or value the contract does not define: {unknown}");
        }

        return continuation(request, context);
    }

    private static string? Find(IMessage message) => message switch
    {
        // Its one field is opaque bytes (the envelope, walked strictly when it is parsed): anything
        // beyond that field's own size is an unknown field. No copy of up to 16 MiB just to look.
        DeliverRequest deliver => deliver.CalculateSize() == KnownSize(deliver) ? null : "DeliverRequest.(unknown field)",
        _ => UnknownFields.Find(message),
    };

    private static int KnownSize(DeliverRequest deliver) =>
        deliver.Envelope.Length == 0 ? 0 : CodedOutputStream.ComputeTagSize(DeliverRequest.EnvelopeFieldNumber) + CodedOutputStream.ComputeBytesSize(deliver.Envelope);
}
