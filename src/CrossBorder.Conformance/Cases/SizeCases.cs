using CrossBorder.Conformance.Envelopes;
using CrossBorder.Conformance.Model;
using CrossBorder.Contracts.V1;
using Google.Protobuf;
using static CrossBorder.Conformance.Cases.CaseBuilder;

namespace CrossBorder.Conformance.Cases;

/// <summary>
/// Section 9: an envelope above the envelope limit is refused with TOO_LARGE before anything else
/// is read; the gRPC layer takes messages up to the limit plus 64 KiB, and a good envelope just
/// under the limit is accepted. The limit is the spec's default or the profile's
/// <c>targetMaxEnvelopeBytes</c>.
/// </summary>
internal static class SizeCases
{
    public static IEnumerable<ConformanceCase> All()
    {
        yield return Case("size.oversize-envelope",
            "an encoded envelope of the envelope limit + 1 bytes is refused with TOO_LARGE",
            async (run, token) =>
            {
                // A valid routing header followed by sealed bytes that take the envelope one byte over the limit.
                var route = new RouteHeader { Sender = run.Credentials.Participant.ToString(), Recipient = run.Target!.Id.ToString() };
                var envelope = new SealedEnvelope { Route = route, Sealed = ByteString.Empty };
                var room = run.Credentials.EnvelopeLimit + 1 - envelope.CalculateSize();
                var length = room - 1 - CodedOutputStream.ComputeLengthSize(room);
                while (1 + CodedOutputStream.ComputeLengthSize(length) + length + envelope.CalculateSize() < run.Credentials.EnvelopeLimit + 1)
                {
                    length++;
                }

                envelope.Sealed = ByteString.CopyFrom(new byte[length]);
                return Expect.Refused(await run.DeliverAsync(envelope, token).ConfigureAwait(false), ReasonCode.TooLarge);
            });

        yield return Case("size.largest-grpc-message",
            "a DeliverRequest of exactly the envelope limit + 65,536 bytes passes the gRPC layer and is refused with TOO_LARGE (an ErrorInfo, not a bare RESOURCE_EXHAUSTED)",
            async (run, token) =>
            {
                var limit = run.Credentials.EnvelopeLimit;
                var envelope = Filled(run, limit + GrpcFraming - 1 - CodedOutputStream.ComputeLengthSize(limit + GrpcFraming));
                var request = new DeliverRequest { Envelope = envelope.ToByteString() };
                while (request.CalculateSize() > limit + GrpcFraming)
                {
                    envelope = Filled(run, envelope.CalculateSize() - 1);
                    request = new DeliverRequest { Envelope = envelope.ToByteString() };
                }

                var verdict = Expect.Refused(await run.DeliverAsync(envelope, token).ConfigureAwait(false), ReasonCode.TooLarge);
                return verdict with { Saw = $"{verdict.Saw} (a message of {request.CalculateSize()} bytes)" };
            });

        yield return WithDefaultType("size.envelope-at-limit",
            "a good envelope padded to just under the envelope limit gets a signed ACCEPTED receipt",
            async (run, type, token) =>
            {
                const string Expected = "expected a signed ACCEPTED receipt over the bytes sent";
                var limit = run.Credentials.EnvelopeLimit;
                var (small, skipped) = run.Envelopes.Seal(type);
                if (small is null)
                {
                    return PolicySkip(Expected, skipped!);
                }

                // The CMS and routing overhead grows by a few bytes with the content's length encodings: aim below, then close in.
                var content = limit - (small.CalculateSize() - (int)small.Route.SizeBucket) - 64;
                for (var attempt = 0; attempt < 4; attempt++)
                {
                    var (envelope, _) = run.Envelopes.SealContent(type, c => ContentPadding.Pad(c, [], content));
                    var size = envelope!.CalculateSize();
                    if (size <= limit)
                    {
                        var verdict = Expect.Accepted(run, envelope, await run.DeliverAsync(envelope, token).ConfigureAwait(false));
                        return verdict with { Saw = $"{verdict.Saw} (an envelope of {size} bytes, limit {limit})" };
                    }

                    content -= size - limit;
                }

                throw new InvalidOperationException("could not fit an envelope under the limit");
            });
    }

    /// <summary>The framing a receiver accepts above the envelope limit (WS-9-2).</summary>
    private const int GrpcFraming = 65_536;

    /// <summary>A routing header and zero sealed bytes, <paramref name="size"/> bytes encoded (or a byte more where a length varint grows).</summary>
    private static SealedEnvelope Filled(CaseRun run, int size)
    {
        var envelope = new SealedEnvelope { Route = new RouteHeader { Sender = run.Credentials.Participant.ToString(), Recipient = run.Target!.Id.ToString() } };
        var length = size - envelope.CalculateSize() - 1 - CodedOutputStream.ComputeLengthSize(size);
        while (envelope.CalculateSize() + 1 + CodedOutputStream.ComputeLengthSize(length) + length < size)
        {
            length++;
        }

        envelope.Sealed = ByteString.CopyFrom(new byte[length]);
        return envelope;
    }
}
