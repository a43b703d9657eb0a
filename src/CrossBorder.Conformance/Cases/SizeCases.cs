using CrossBorder.Conformance.Model;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Contracts;
using Google.Protobuf;
using static CrossBorder.Conformance.Cases.CaseBuilder;

namespace CrossBorder.Conformance.Cases;

/// <summary>Section 9: an envelope above the contract's largest size is refused with TOO_LARGE before anything else is read.</summary>
internal static class SizeCases
{
    public static IEnumerable<ConformanceCase> All()
    {
        yield return Case("size.oversize-envelope",
            $"an encoded envelope of {SchemaInfo.DefaultMaxEnvelopeBytes} + 1 bytes is refused with TOO_LARGE",
            async (run, token) =>
            {
                // A valid routing header followed by sealed bytes that take the envelope one byte over the limit.
                var route = new RouteHeader { Sender = run.Credentials.Participant.ToString(), Recipient = run.Target!.Id.ToString() };
                var envelope = new SealedEnvelope { Route = route, Sealed = ByteString.Empty };
                var room = SchemaInfo.DefaultMaxEnvelopeBytes + 1 - envelope.CalculateSize();
                var length = room - 1 - CodedOutputStream.ComputeLengthSize(room);
                while (1 + CodedOutputStream.ComputeLengthSize(length) + length + envelope.CalculateSize() < SchemaInfo.DefaultMaxEnvelopeBytes + 1)
                {
                    length++;
                }

                envelope.Sealed = ByteString.CopyFrom(new byte[length]);
                return Expect.Refused(await run.DeliverAsync(envelope, token).ConfigureAwait(false), ReasonCode.TooLarge);
            });
    }
}
