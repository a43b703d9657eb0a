using System.Net;
using System.Security.Authentication;
using CrossBorder.Conformance.Envelopes;
using CrossBorder.Conformance.Model;
using CrossBorder.Conformance.Target;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Errors;
using Google.Protobuf;
using static CrossBorder.Conformance.Cases.CaseBuilder;

namespace CrossBorder.Conformance.Cases;

/// <summary>
/// Section 2: TLS 1.3 only, with a client certificate that chains to the trust list; HTTP/2
/// only; the server proves to be a participant.
/// </summary>
internal static class TransportCases
{
    public static IEnumerable<ConformanceCase> All()
    {
        yield return Case("transport.server-identity",
            "the target's TLS server certificate names a participant of the trust list and chains to its country's anchor; Ping names the sender as the verified caller",
            async (run, token) =>
            {
                const string Expected = "expected a server certificate of a trust-list participant and Ping's verified_caller = the sender";
                var (response, refused) = await run.IdentifyAsync(token).ConfigureAwait(false);
                if (run.ServerSeen is { IsAccepted: false } server)
                {
                    return CaseVerdict.Fail(Expected, $"saw the server certificate refused: {server.Reason.Name()} ({server.Detail})");
                }

                if (response is null)
                {
                    return CaseVerdict.Fail(Expected, $"saw no answer to Ping: {refused}");
                }

                return CaseVerdict.Judge(
                    run.Target is not null && response.VerifiedCaller == run.Credentials.Participant.ToString() && response.Responder == run.Target.Id.ToString(),
                    Expected,
                    $"saw server {run.Target?.Id.ToString() ?? "(not in the trust list)"}, responder {response.Responder}, verified caller {response.VerifiedCaller}");
            });

        yield return WithDefaultType("transport.tls12-refused",
            "a delivery over TLS 1.2 from a trusted participant gets no answer",
            async (run, type, token) =>
            {
                var (envelope, skipped) = run.Envelopes.Seal(type);
                if (envelope is null)
                {
                    return PolicySkip("expected no answer over TLS 1.2", skipped!);
                }

                var answer = await run.DeliverAsAsync(envelope.ToByteArray(), run.Credentials.Tls, SslProtocols.Tls12, token).ConfigureAwait(false);
                return await NoAnswerAsync(run, answer, "expected no answer over TLS 1.2", token).ConfigureAwait(false);
            });

        yield return WithDefaultType("transport.foreign-client-ca",
            "a delivery over TLS 1.3 with a client certificate naming the sender but issued by a CA outside the trust list gets no answer",
            async (run, type, token) =>
            {
                var (envelope, skipped) = run.Envelopes.Seal(type);
                if (envelope is null)
                {
                    return PolicySkip("expected no answer to a foreign client certificate", skipped!);
                }

                using var foreign = new ForeignPki(run.Credentials.Participant, run.Time);
                using var client = foreign.TlsClient();
                var answer = await run.DeliverAsAsync(envelope.ToByteArray(), client, SslProtocols.Tls13, token).ConfigureAwait(false);
                return await NoAnswerAsync(run, answer, "expected no answer to a client certificate from a foreign CA", token).ConfigureAwait(false);
            });

        yield return WithDefaultType("transport.no-client-certificate",
            "a delivery over TLS 1.3 without a client certificate fails at the handshake: no receipt and no gRPC status",
            async (run, type, token) =>
            {
                const string Expected = "expected the handshake to fail without a client certificate";
                var (envelope, skipped) = run.Envelopes.Seal(type);
                if (envelope is null)
                {
                    return PolicySkip(Expected, skipped!);
                }

                var answer = await run.DeliverAsAsync(envelope.ToByteArray(), null, SslProtocols.Tls13, token).ConfigureAwait(false);
                if (answer is DeliveryAnswer.Status { FromTarget: true })
                {
                    return CaseVerdict.Fail(Expected, $"saw the call answered: {answer}");
                }

                return await NoAnswerAsync(run, answer, Expected, token).ConfigureAwait(false);
            });

        yield return WithDefaultType("transport.http11-refused",
            "a Deliver call over HTTP/1.1 (ALPN without h2) from a trusted participant gets no gRPC answer",
            async (run, type, token) =>
            {
                const string Expected = "expected no gRPC answer over HTTP/1.1";
                var (envelope, skipped) = run.Envelopes.Seal(type);
                if (envelope is null)
                {
                    return PolicySkip(Expected, skipped!);
                }

                var saw = await Http11DeliverAsync(run, envelope, token).ConfigureAwait(false);
                if (saw is null)
                {
                    return CaseVerdict.Fail(Expected, "saw a gRPC answer with status OK over HTTP/1.1");
                }

                var (control, refused) = await run.IdentifyAsync(token).ConfigureAwait(false);
                return control is null
                    ? CaseVerdict.Skip(Expected, $"the target did not answer the trusted identity over HTTP/2 either ({refused}), so the refusal proves nothing")
                    : CaseVerdict.Pass(Expected, $"saw {saw}; the same identity over HTTP/2 is answered");
            });
    }

    /// <summary>Posts a framed DeliverRequest over HTTP/1.1 only; what the target did, or null when it answered gRPC status OK.</summary>
    private static async Task<string?> Http11DeliverAsync(CaseRun run, SealedEnvelope envelope, CancellationToken token)
    {
        using var http = run.Http();
        using var request = new HttpRequestMessage(HttpMethod.Post, "/crossborder.v1.PeerExchange/Deliver")
        {
            Version = HttpVersion.Version11,
            VersionPolicy = HttpVersionPolicy.RequestVersionExact,
            Content = GrpcFrames.Content(new DeliverRequest { Envelope = envelope.ToByteString() }.ToByteArray()),
        };
        try
        {
            using var response = await http.SendAsync(request, token).ConfigureAwait(false);
            var body = await response.Content.ReadAsByteArrayAsync(token).ConfigureAwait(false);
            var status = GrpcFrames.StatusOf(response);
            return response.StatusCode == HttpStatusCode.OK && status == "0" && body.Length > GrpcFrames.PrefixBytes
                ? null
                : $"HTTP {(int)response.StatusCode} with grpc-status {status ?? "absent"}";
        }
        catch (HttpRequestException ex)
        {
            return $"the connection failed ({ex.HttpRequestError})";
        }
    }

    /// <summary>
    /// No receipt and no success (a closed connection, or a status naming UNTRUSTED) — and, as the
    /// control that makes this meaningful, the target still answers the sender's own identity.
    /// </summary>
    private static async Task<CaseVerdict> NoAnswerAsync(CaseRun run, DeliveryAnswer answer, string expected, CancellationToken token)
    {
        if (answer is DeliveryAnswer.Receipted)
        {
            return CaseVerdict.Fail(expected, $"saw {answer}");
        }

        var (control, refused) = await run.IdentifyAsync(token).ConfigureAwait(false);
        return control is null
            ? CaseVerdict.Skip(expected, $"the target did not answer the trusted identity either ({refused}), so the refusal proves nothing")
            : CaseVerdict.Pass(expected, $"saw {answer}; the trusted identity over TLS 1.3 is answered");
    }
}
