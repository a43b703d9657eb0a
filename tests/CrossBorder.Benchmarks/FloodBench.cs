using System.Diagnostics;
using System.Net;
using System.Net.Http.Headers;
using System.Net.Security;
using System.Security.Authentication;
using System.Security.Cryptography;
using System.Security.Cryptography.X509Certificates;
using CrossBorder.Cli.DevPki;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Contracts;
using CrossBorder.Core.Trust;
using Google.Protobuf;
using Google.Protobuf.WellKnownTypes;
using CertificateFiles = CrossBorder.Core.Certificates.CertificateFiles;

namespace CrossBorder.Benchmarks;

/// <summary>
/// One trusted peer (IT/NCP's TLS identity) floods AL/NCP's peer face with concurrent Deliver
/// calls of the largest envelope (MaxEnvelopeBytes, a well-routed header and junk where the CMS
/// should be). The gateway admits at most PeerConcurrentDeliveries of them at once and refuses
/// the others RATE_LIMITED before reading their bodies, so the memory it holds for the peer is
/// bounded by that many envelopes. Reported: admitted and refused calls, and the growth of the
/// process's working set over its level before the flood, against the stated bound.
/// </summary>
internal static class FloodBench
{
    private const int Calls = 32;

    /// <summary>
    /// Copies of an envelope an admitted call holds at most: the gRPC request buffer, the request's
    /// envelope bytes, the parsed envelope's sealed bytes, and (for a genuine envelope) its content.
    /// </summary>
    private const int CopiesPerCall = 4;

    public static async Task RunAsync(DevFederationLayout layout, string data, Action<string> print)
    {
        await using var albania = await BenchGateway.StartAsync(layout, "AL/NCP", Path.Combine(data, "al-flood"), "NORMAL", 16).ConfigureAwait(false);
        var limit = albania.Limits.PeerConcurrentDeliveries;
        var envelopeBytes = albania.MaxEnvelopeBytes;
        var body = Frame(Junk(envelopeBytes));
        using var http = new HttpMessageInvoker(Handler(layout));

        // One call first: TLS, HTTP/2 and the JIT are warm, and the baseline is taken after it.
        await DeliverAsync(http, albania.PeerAddress, Frame(Junk(1024))).ConfigureAwait(false);
        GC.Collect(2, GCCollectionMode.Forced, blocking: true, compacting: true);
        GC.WaitForPendingFinalizers();
        using var process = Process.GetCurrentProcess();
        process.Refresh();
        var baseline = process.WorkingSet64;
        long peak = baseline;
        using var stop = new CancellationTokenSource();
        var sampler = Task.Run(async () =>
        {
            while (!stop.IsCancellationRequested)
            {
                process.Refresh();
                peak = Math.Max(peak, process.WorkingSet64);
                await Task.Delay(TimeSpan.FromMilliseconds(5), TimeProvider.System, CancellationToken.None).ConfigureAwait(false);
            }
        });

        var started = Stopwatch.StartNew();
        var statuses = await Task.WhenAll(Enumerable.Range(0, Calls).Select(_ => DeliverAsync(http, albania.PeerAddress, body))).ConfigureAwait(false);
        var elapsed = started.Elapsed;
        await stop.CancelAsync().ConfigureAwait(false);
        await sampler.ConfigureAwait(false);

        var rateLimited = statuses.Count(s => s == "8");
        var judged = statuses.Count(s => s == "3");
        var growthMb = (peak - baseline) / 1e6;
        var boundMb = (double)limit * CopiesPerCall * envelopeBytes / 1e6;
        print($"bench flood: {Calls} concurrent Deliver calls of {envelopeBytes / (1024.0 * 1024):0.#} MiB from one peer (IT/NCP) to AL/NCP, PeerConcurrentDeliveries {limit}, in {elapsed.TotalSeconds:0.0} s");
        print($"  {"admitted and judged (MALFORMED)",-44} {judged,12:N0}");
        print($"  {"refused RATE_LIMITED before reading",-44} {rateLimited,12:N0}");
        print($"  {"other answers",-44} {Calls - judged - rateLimited,12:N0} {string.Join(' ', statuses.Where(s => s is not ("3" or "8")).Distinct())}".TrimEnd());
        print($"  {"peak working-set growth",-44} {growthMb,12:N1} MB     bound {limit} x {CopiesPerCall} x MaxEnvelopeBytes = {boundMb:N0} MB: {(growthMb <= boundMb ? "bound met" : "bound missed")}");
    }

    /// <summary>One hand-made Deliver call over HTTP/2; answers its grpc-status.</summary>
    private static async Task<string> DeliverAsync(HttpMessageInvoker http, Uri peerFace, ReadOnlyMemory<byte> body)
    {
        var content = new ReadOnlyMemoryContent(body);
        content.Headers.ContentType = new MediaTypeHeaderValue("application/grpc");
        using var request = new HttpRequestMessage(HttpMethod.Post, new Uri(peerFace, "/crossborder.v1.PeerExchange/Deliver"))
        {
            Version = HttpVersion.Version20,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = content,
        };
        request.Headers.TryAddWithoutValidation("te", "trailers");
        try
        {
            using var response = await http.SendAsync(request, CancellationToken.None).ConfigureAwait(false);
            _ = await response.Content.ReadAsByteArrayAsync().ConfigureAwait(false);
            return response.TrailingHeaders.TryGetValues("grpc-status", out var trailer) ? trailer.First()
                : response.Headers.TryGetValues("grpc-status", out var header) ? header.First() : $"http {(int)response.StatusCode}";
        }
        catch (HttpRequestException ex)
        {
            // A refused call whose unread body the server reset while it was still being sent.
            return $"reset ({ex.HttpRequestError})";
        }
    }

    /// <summary>A DeliverRequest in its gRPC frame, made once and sent by every call (no per-call copy in the client).</summary>
    private static byte[] Frame(SealedEnvelope envelope)
    {
        var message = new DeliverRequest { Envelope = envelope.ToByteString() }.ToByteArray();
        var frame = new byte[5 + message.Length];
        System.Buffers.Binary.BinaryPrimitives.WriteInt32BigEndian(frame.AsSpan(1), message.Length);
        message.CopyTo(frame, 5);
        return frame;
    }

    /// <summary>An envelope of exactly <paramref name="size"/> bytes: a well-routed header from IT/NCP, junk where the CMS should be.</summary>
    private static SealedEnvelope Junk(int size)
    {
        var now = TimeProvider.System.GetUtcNow();
        var envelope = new SealedEnvelope
        {
            Route = new RouteHeader
            {
                MessageId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
                ConversationId = Convert.ToHexStringLower(RandomNumberGenerator.GetBytes(16)),
                Sender = "IT/NCP",
                Recipient = "AL/NCP",
                MessageType = MessageType.ReturnPlan,
                SchemaVersion = SchemaInfo.SchemaVersion,
                CreatedAt = Timestamp.FromDateTimeOffset(now),
                ExpiresAt = Timestamp.FromDateTimeOffset(now.AddHours(1)),
            },
        };
        var overhead = envelope.CalculateSize() + 1 + 5;
        envelope.Sealed = ByteString.CopyFrom(new byte[size - overhead]);
        while (envelope.CalculateSize() > size)
        {
            envelope.Sealed = ByteString.CopyFrom(new byte[envelope.Sealed.Length - (envelope.CalculateSize() - size)]);
        }

        return envelope;
    }

    private static SocketsHttpHandler Handler(DevFederationLayout layout)
    {
        var italy = layout.ParticipantDirectory(ParticipantId.Parse("IT/NCP"));
        var client = CertificateFiles.LoadCertificateWithKey(Path.Combine(italy, "tls.crt"), Path.Combine(italy, "tls.key"));
        var chain = CertificateFiles.LoadCertificates(Path.Combine(italy, "chain.pem"));
        var server = CertificateFiles.LoadCertificate(Path.Combine(layout.ParticipantDirectory(ParticipantId.Parse("AL/NCP")), "tls.crt"));
        return new SocketsHttpHandler
        {
            SslOptions = new SslClientAuthenticationOptions
            {
                EnabledSslProtocols = SslProtocols.Tls13,
                ClientCertificateContext = SslStreamCertificateContext.Create(client, chain, offline: true),
                CertificateRevocationCheckMode = X509RevocationMode.NoCheck,
                RemoteCertificateValidationCallback = (_, certificate, _, _) =>
                    certificate is not null && certificate.GetRawCertData().AsSpan().SequenceEqual(server.RawDataMemory.Span),
            },
        };
    }
}
