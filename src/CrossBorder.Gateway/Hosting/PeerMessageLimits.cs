namespace CrossBorder.Gateway.Hosting;

/// <summary>
/// The gRPC and HTTP/2 limits that go with an envelope limit, for every host of a face: a gRPC
/// message may be the envelope plus 64 KiB of request fields ([WS-9-2]), and the request body is
/// that one message behind its 5-byte gRPC frame prefix. Beyond the message limit the gRPC layer
/// answers RESOURCE_EXHAUSTED; the body limit must not refuse first, or the caller sees a bare error.
/// </summary>
internal static class PeerMessageLimits
{
    private const int OverheadBytes = 64 * 1024;
    private const int GrpcFramePrefixBytes = 5;

    public static int GrpcMessageBytes(int maxEnvelopeBytes) => maxEnvelopeBytes + OverheadBytes;

    public static long RequestBodyBytes(int maxEnvelopeBytes) => GrpcMessageBytes(maxEnvelopeBytes) + GrpcFramePrefixBytes;
}
