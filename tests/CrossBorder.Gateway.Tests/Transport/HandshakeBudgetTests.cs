using System.IO.Pipelines;
using CrossBorder.Gateway.Hosting;
using Microsoft.AspNetCore.Connections;
using Microsoft.Extensions.Logging.Abstractions;

namespace CrossBorder.Gateway.Tests.Transport;

/// <summary>
/// The handshake byte budget's reader, fed as the TLS layer is fed: raw bytes in a pipe, read by a
/// stream that consumes what it copies. A client may send its first request right behind its last
/// handshake message; those bytes are offered only once the handshake is done, never counted
/// against the client. Without the end of the handshake, a read past the budget closes the connection.
/// </summary>
public sealed class HandshakeBudgetTests
{
    private const int Budget = 16 * 1024;

    [Fact]
    public async Task A_request_sent_right_behind_the_handshake_is_not_counted_against_the_budget()
    {
        var (reader, _) = await Fed(new byte[5_000], new byte[400_000]);
        using var tls = reader.AsStream(leaveOpen: true);

        // The TLS layer reads its handshake (it may read ahead); never more than the budget is offered.
        var handshake = await ReadAsync(tls, 5_000);
        Assert.InRange(handshake, 5_000, Budget);
        reader.HandshakeDone();
        var rest = await ReadAsync(tls, int.MaxValue);

        Assert.Equal(405_000, handshake + rest);
    }

    [Fact]
    public async Task Reading_past_the_budget_before_the_handshake_is_done_closes_the_connection()
    {
        var (reader, connection) = await Fed(new byte[95_000]);
        using var tls = reader.AsStream(leaveOpen: true);

        var refused = await Assert.ThrowsAsync<IOException>(() => ReadAsync(tls, int.MaxValue));

        Assert.Equal("TLS handshake over its byte budget", refused.Message);
        Assert.True(connection.Aborted);
    }

    private static async Task<int> ReadAsync(Stream stream, int atLeast)
    {
        var buffer = new byte[4096];
        var total = 0;
        while (total < atLeast)
        {
            var read = await stream.ReadAsync(buffer);
            if (read == 0)
            {
                break;
            }

            total += read;
        }

        return total;
    }

    private static async Task<(HandshakeBudget.CountingReader Reader, AbortRecordingConnection Connection)> Fed(params byte[][] chunks)
    {
        var pipe = new Pipe(new PipeOptions(pauseWriterThreshold: 0));
        foreach (var chunk in chunks)
        {
            await pipe.Writer.WriteAsync(chunk);
        }

        await pipe.Writer.CompleteAsync();
        var connection = new AbortRecordingConnection();
        return (new HandshakeBudget.CountingReader(pipe.Reader, Budget, connection, () => NullLogger.Instance), connection);
    }

    private sealed class AbortRecordingConnection : DefaultConnectionContext
    {
        public bool Aborted { get; private set; }

        public override void Abort(ConnectionAbortedException abortReason) => Aborted = true;
    }
}
