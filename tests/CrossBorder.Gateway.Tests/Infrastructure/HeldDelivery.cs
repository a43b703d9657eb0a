using System.Net;
using System.Net.Http.Headers;

namespace CrossBorder.Gateway.Tests.Infrastructure;

/// <summary>
/// A hand-made <c>Deliver</c> call whose request stops after the gRPC frame header until it is
/// released: the gateway has admitted it (its headers came) but cannot read its envelope, so it
/// holds one of the peer's delivery slots. Released, it sends a three-byte DeliverRequest whose
/// envelope is one zero byte (field 1, length 1, 0x00: no envelope at all).
/// </summary>
internal sealed class HeldDelivery
{
    private readonly TaskCompletionSource _release = new(TaskCreationOptions.RunContinuationsAsynchronously);
    private readonly Task<HttpResponseMessage> _call;

    private HeldDelivery(HttpMessageInvoker http, Uri peerFace)
    {
        var request = new HttpRequestMessage(HttpMethod.Post, new Uri(peerFace, "/crossborder.v1.PeerExchange/Deliver"))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = new HeldContent(_release.Task),
        };
        request.Headers.TryAddWithoutValidation("te", "trailers");
        _call = http.SendAsync(request, CancellationToken.None);
    }

    public static HeldDelivery Start(HttpMessageInvoker http, Uri peerFace) => new(http, peerFace);

    /// <summary>Whether the gateway has already answered (it refused the call instead of holding it).</summary>
    public bool IsAnswered => _call.IsCompleted;

    /// <summary>What became of the call so far, for a failing test's message.</summary>
    public string State => _call.IsCompletedSuccessfully ? $"answered {(int)_call.Result.StatusCode} {string.Join(",", _call.Result.Headers.Select(h => h.Key + "=" + string.Join("|", h.Value)))}"
        : _call.IsFaulted ? $"failed {_call.Exception!.InnerException?.GetType().Name}: {_call.Exception.InnerException?.Message}" : "pending";

    /// <summary>Sends the rest of the request; answers the gRPC status code the gateway gave.</summary>
    public async Task<string?> ReleaseAsync()
    {
        _release.TrySetResult();
        using var response = await _call.WaitAsync(RawChannels.CallTimeout);
        _ = await response.Content.ReadAsByteArrayAsync();
        return response.TrailingHeaders.TryGetValues("grpc-status", out var trailer) ? trailer.First()
            : response.Headers.TryGetValues("grpc-status", out var header) ? header.First() : null;
    }

    private sealed class HeldContent : HttpContent
    {
        private readonly Task _release;

        public HeldContent(Task release)
        {
            _release = release;
            Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        }

        protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context)
        {
            // The gRPC frame: not compressed, 3 bytes; the bytes follow only when released.
            await stream.WriteAsync(new byte[] { 0, 0, 0, 0, 3 });
            await stream.FlushAsync();
            await _release;
            await stream.WriteAsync(new byte[] { 0x0A, 0x01, 0x00 });
        }

        protected override bool TryComputeLength(out long length)
        {
            length = 8;
            return true;
        }
    }
}
