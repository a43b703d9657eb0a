using CrossBorder.Contracts.V1;
using CrossBorder.Core.Errors;
using Grpc.Core;

namespace CrossBorder.Gateway.Tests.Infrastructure;

/// <summary>
/// What a client sees when a face refuses its certificate. In TLS 1.3 the client has finished
/// its side of the handshake before the server decides, so the refusal arrives as a closed
/// connection: UNAVAILABLE, or INTERNAL when the connection closes while the request is being
/// read. Either way the server told the client nothing about why.
/// </summary>
internal static class TransportRefusal
{
    private static readonly StatusCode[] ConnectionClosed = [StatusCode.Unavailable, StatusCode.Internal];

    public static void AssertNoAnswerAndNoReason(RpcException refused, ReasonCode serverReason)
    {
        ArgumentNullException.ThrowIfNull(refused);
        Assert.Contains(refused.StatusCode, ConnectionClosed);
        Assert.DoesNotContain(serverReason.Name(), refused.Status.Detail, StringComparison.Ordinal);
        Assert.Empty(refused.Trailers);
    }
}
