using System.Buffers.Binary;
using System.Net;
using System.Net.Http.Headers;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Errors;
using Google.Rpc;
using Grpc.Core;

namespace CrossBorder.Conformance.Target;

/// <summary>
/// gRPC below the gRPC client, for the cases that must speak HTTP themselves (HTTP/1.1, a request
/// body held back): the length-prefixed message frame, and the status of an answer read back from
/// its headers or trailers.
/// </summary>
internal static class GrpcFrames
{
    /// <summary>The frame prefix: a compressed flag and a 4-byte big-endian length.</summary>
    public const int PrefixBytes = 5;

    /// <summary>One uncompressed frame.</summary>
    public static byte[] Frame(byte[] message)
    {
        ArgumentNullException.ThrowIfNull(message);
        var frame = new byte[PrefixBytes + message.Length];
        BinaryPrimitives.WriteUInt32BigEndian(frame.AsSpan(1), (uint)message.Length);
        message.CopyTo(frame, PrefixBytes);
        return frame;
    }

    /// <summary>A request body of one frame, with gRPC's content type.</summary>
    public static HttpContent Content(byte[] message) => Typed(new ByteArrayContent(Frame(message)));

    /// <summary>Marks a request body as gRPC.</summary>
    public static HttpContent Typed(HttpContent content)
    {
        ArgumentNullException.ThrowIfNull(content);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        return content;
    }

    /// <summary>A gRPC request of HTTP/2 to a method of the peer face.</summary>
    public static HttpRequestMessage Request(string method, HttpContent content)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, $"/{PeerExchange.Descriptor.FullName}/{method}")
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = content,
        };
        request.Headers.TryAddWithoutValidation("te", "trailers");
        return request;
    }

    /// <summary>grpc-status of an answer, from its trailers or (trailers-only) its headers; null when absent.</summary>
    public static string? StatusOf(HttpResponseMessage response) => Value(response, "grpc-status");

    /// <summary>The status a gRPC client would have seen, with its ErrorInfo's reason; null when the answer has no grpc-status.</summary>
    public static DeliveryAnswer.Status? Refusal(HttpResponseMessage response)
    {
        ArgumentNullException.ThrowIfNull(response);
        if (!int.TryParse(StatusOf(response), out var code) || code == 0)
        {
            return null;
        }

        Google.Rpc.Status? details = null;
        if (Value(response, "grpc-status-details-bin") is { } encoded)
        {
            try
            {
                details = Google.Rpc.Status.Parser.ParseFrom(Convert.FromBase64String(encoded));
            }
            catch (Exception ex) when (ex is FormatException or Google.Protobuf.InvalidProtocolBufferException)
            {
                details = null;
            }
        }

        var info = details?.Details.Select(d => d.Is(ErrorInfo.Descriptor) ? d.Unpack<ErrorInfo>() : null).FirstOrDefault(i => i is not null);
        ReasonCode? reason = info is not null && info.Domain == RefusalStatus.Domain && ReasonCodes.TryParse(info.Reason, out var parsed) ? parsed : null;
        return new DeliveryAnswer.Status((StatusCode)code, reason)
        {
            Message = Uri.UnescapeDataString(Value(response, "grpc-message") ?? ""),
            Details = details,
            Trailers = [.. response.Headers.Concat(response.TrailingHeaders)
                .Where(h => h.Key.StartsWith("grpc-", StringComparison.OrdinalIgnoreCase))
                .SelectMany(h => h.Value.Select(v => KeyValuePair.Create(h.Key, v)))],
        };
    }

    private static string? Value(HttpResponseMessage response, string name) =>
        response.TrailingHeaders.TryGetValues(name, out var trailer) ? trailer.FirstOrDefault()
        : response.Headers.TryGetValues(name, out var header) ? header.FirstOrDefault()
        : null;
}
