using System.Net;

namespace CrossBorder.Conformance.Target;

/// <summary>
/// A gRPC request body sent in two parts: the frame prefix and the first byte at once, the rest
/// only when released. The call is then in flight at the target (headers received, message not)
/// for as long as the case needs, which is how a sender holds a receiver's concurrency slots.
/// </summary>
internal sealed class HeldBody(byte[] message) : HttpContent
{
    private readonly byte[] _frame = GrpcFrames.Frame(message);
    private readonly TaskCompletionSource _released = new(TaskCreationOptions.RunContinuationsAsynchronously);

    public void Release() => _released.TrySetResult();

    protected override Task SerializeToStreamAsync(Stream stream, TransportContext? context) =>
        SerializeToStreamAsync(stream, context, CancellationToken.None);

    protected override async Task SerializeToStreamAsync(Stream stream, TransportContext? context, CancellationToken cancellationToken)
    {
        await stream.WriteAsync(_frame.AsMemory(0, GrpcFrames.PrefixBytes + 1), cancellationToken).ConfigureAwait(false);
        await stream.FlushAsync(cancellationToken).ConfigureAwait(false);
        await _released.Task.WaitAsync(cancellationToken).ConfigureAwait(false);
        await stream.WriteAsync(_frame.AsMemory(GrpcFrames.PrefixBytes + 1), cancellationToken).ConfigureAwait(false);
    }

    protected override bool TryComputeLength(out long length)
    {
        length = 0;
        return false;
    }
}
