using System.Buffers;
using System.IO.Pipelines;
using Microsoft.AspNetCore.Connections;
using Microsoft.AspNetCore.Server.Kestrel.Core;
using Microsoft.Extensions.Logging;

namespace CrossBorder.Gateway.Hosting;

/// <summary>
/// Bounds the bytes a client may send before its TLS handshake completes. The TLS stack parses
/// every certificate a client presents and builds its own chain from them before the gateway's
/// validation is asked, and no .NET setting bounds that: a client that sends a bag of hundreds of
/// certificates would make each handshake cost many normal ones. Cut off at the budget, the
/// bag's certificate message is never complete, so none of it is parsed. A normal mutual-TLS
/// handshake (a ClientHello, a chain of up to <c>PathLimits.MaxPresentedCertificates</c>
/// certificates, the proof of the key) stays well under the default budget.
/// </summary>
internal static class HandshakeBudget
{
    /// <summary>
    /// Adds the budget to a listener; call before <c>UseHttps</c>, and <see cref="MarkComplete"/>
    /// after it, so that only the bytes of the handshake are counted.
    /// </summary>
    public static void Limit(ListenOptions listen, int maxBytes, Func<ILogger> log)
    {
        listen.Use(next => connection =>
        {
            var counted = new CountingReader(connection.Transport.Input, maxBytes, connection, log);
            connection.Features.Set(counted);
            connection.Transport = new DuplexPipe(counted, connection.Transport.Output);
            return next(connection);
        });
    }

    /// <summary>Ends the counting once the handshake has completed; call after <c>UseHttps</c>.</summary>
    public static void MarkComplete(ListenOptions listen)
    {
        listen.Use(next => connection =>
        {
            connection.Features.Get<CountingReader>()?.HandshakeDone();
            return next(connection);
        });
    }

    private sealed class DuplexPipe(PipeReader input, PipeWriter output) : IDuplexPipe
    {
        public PipeReader Input { get; } = input;

        public PipeWriter Output { get; } = output;
    }

    /// <summary>
    /// Hands the TLS layer at most the budget before <see cref="HandshakeDone"/>: a read offers only
    /// what is left of it, however much the client has sent (a client may send its first request
    /// right behind its last handshake message, and that is not counted against it); a read asked
    /// for with nothing left of the budget closes the connection. Afterwards a pass-through.
    /// </summary>
    internal sealed class CountingReader(PipeReader inner, int maxBytes, ConnectionContext connection, Func<ILogger> log) : PipeReader
    {
        private volatile bool _complete;
        private long _consumed;
        private ReadOnlySequence<byte> _last;

        public void HandshakeDone() => _complete = true;

        public override async ValueTask<ReadResult> ReadAsync(CancellationToken cancellationToken = default)
        {
            var result = await inner.ReadAsync(cancellationToken).ConfigureAwait(false);
            return _complete ? result : Limit(result);
        }

        public override bool TryRead(out ReadResult result)
        {
            if (!inner.TryRead(out result))
            {
                return false;
            }

            result = _complete ? result : Limit(result);
            return true;
        }

        public override void AdvanceTo(SequencePosition consumedTo) => AdvanceTo(consumedTo, consumedTo);

        public override void AdvanceTo(SequencePosition consumedTo, SequencePosition examined)
        {
            if (!_complete && !_last.IsEmpty)
            {
                _consumed += _last.Slice(_last.Start, consumedTo).Length;
                _last = default;
            }

            inner.AdvanceTo(consumedTo, examined);
        }

        public override void CancelPendingRead() => inner.CancelPendingRead();

        public override void Complete(Exception? exception = null) => inner.Complete(exception);

        private ReadResult Limit(ReadResult result)
        {
            var left = maxBytes - _consumed;
            if (left > 0 || result.Buffer.IsEmpty)
            {
                var offered = result.Buffer.Length > left ? result.Buffer.Slice(0, left) : result.Buffer;
                _last = offered;
                return offered.Length == result.Buffer.Length ? result : new ReadResult(offered, result.IsCanceled, isCompleted: false);
            }

            GatewayLog.HandshakeTooLarge(log(), connection.RemoteEndPoint?.ToString() ?? "unknown", maxBytes);
            inner.AdvanceTo(result.Buffer.End);
            connection.Abort(new ConnectionAbortedException("TLS handshake over its byte budget"));
            throw new IOException("TLS handshake over its byte budget");
        }
    }
}
