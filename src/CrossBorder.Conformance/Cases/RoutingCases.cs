using CrossBorder.Conformance.Model;
using CrossBorder.Contracts.V1;
using CrossBorder.Core.Contracts;
using CrossBorder.Core.Trust;
using static CrossBorder.Conformance.Cases.CaseBuilder;

namespace CrossBorder.Conformance.Cases;

/// <summary>Section 4: the clear routing header is judged before anything is decrypted.</summary>
internal static class RoutingCases
{
    public static IEnumerable<ConformanceCase> All()
    {
        yield return Refusal("routing.sender-not-tls-peer",
            "an envelope whose routing sender is another participant than the TLS peer is refused with SIGNER_MISMATCH",
            ReasonCode.SignerMismatch,
            (run, envelope) => envelope.Route.Sender = Another(run, run.Credentials.Participant).ToString());

        yield return Refusal("routing.recipient-not-target",
            "an envelope routed to another participant than the target is refused with NOT_A_RECIPIENT",
            ReasonCode.NotARecipient,
            (run, envelope) => envelope.Route.Recipient = Another(run, run.Target!.Id).ToString());

        yield return Refusal("routing.unknown-message-type",
            "an envelope with a message type the contract does not define is refused with UNKNOWN_MESSAGE_TYPE",
            ReasonCode.UnknownMessageType,
            (_, envelope) => envelope.Route.MessageType = (MessageType)99);

        yield return Refusal("routing.unsupported-schema-version",
            "an envelope with a schema version other than 1 is refused with UNSUPPORTED_SCHEMA_VERSION",
            ReasonCode.UnsupportedSchemaVersion,
            (_, envelope) => envelope.Route.SchemaVersion = SchemaInfo.SchemaVersion + 1);

        yield return WithDefaultType("routing.malformed-message-id",
            "an envelope whose message id is not 32 lower-case hex digits (signed and routed alike) is refused with MALFORMED",
            async (run, type, token) =>
            {
                var (envelope, skipped) = run.Envelopes.Seal(type, h => h.Route.MessageId = "NOT-A-MESSAGE-ID");
                return envelope is null
                    ? PolicySkip("expected MALFORMED", skipped!)
                    : Expect.Refused(await run.DeliverAsync(envelope, token).ConfigureAwait(false), ReasonCode.Malformed);
            });

        yield return Case("routing.type-not-in-may-send",
            "an envelope of a type the trust list does not let the sender send to the target (signed and routed alike) is refused with NOT_AUTHORIZED",
            async (run, token) =>
            {
                var refusedType = Enum.GetValues<MessageType>().FirstOrDefault(t => t != MessageType.Unspecified && !run.Envelopes.AllowedTypes.Contains(t));
                if (refusedType == MessageType.Unspecified || run.Envelopes.DefaultType is not { } type)
                {
                    return CaseVerdict.Skip("expected NOT_AUTHORIZED", "every message type is allowed between the sender and the target");
                }

                var (envelope, skipped) = run.Envelopes.Seal(type, h => h.Route.MessageType = refusedType);
                return envelope is null
                    ? PolicySkip("expected NOT_AUTHORIZED", skipped!)
                    : Expect.Refused(await run.DeliverAsync(envelope, token).ConfigureAwait(false), ReasonCode.NotAuthorized);
            });
    }

    /// <summary>WS-4-2: what is not a SealedEnvelope with a route is MALFORMED.</summary>
    public static IEnumerable<ConformanceCase> NotAnEnvelope()
    {
        yield return WithDefaultType("routing.no-route",
            "a SealedEnvelope with good sealed bytes but no routing header is refused with MALFORMED",
            async (run, type, token) =>
            {
                var (envelope, skipped) = run.Envelopes.Seal(type);
                return envelope is null
                    ? PolicySkip("expected MALFORMED", skipped!)
                    : Expect.Refused(await run.DeliverAsync(new SealedEnvelope { Sealed = envelope.Sealed }, token).ConfigureAwait(false), ReasonCode.Malformed);
            });

        yield return Case("routing.envelope-not-protobuf",
            "an envelope whose bytes are not protobuf (a length running past the end) is refused with MALFORMED",
            async (run, token) => Expect.Refused(await run.DeliverAsync(NotProtobuf, token).ConfigureAwait(false), ReasonCode.Malformed));
    }

    /// <summary>Field 1 (route), length-delimited, announcing 127 bytes of which 4 follow.</summary>
    internal static byte[] NotProtobuf => [0x0A, 0x7F, 0x0A, 0x20, 0x30, 0x31];

    /// <summary>A good envelope whose clear routing header is changed after sealing, refused before opening.</summary>
    internal static ConformanceCase Refusal(string id, string expectation, ReasonCode reason, Action<CaseRun, SealedEnvelope> change) =>
        WithDefaultType(id, expectation, async (run, type, token) =>
        {
            var (envelope, skipped) = run.Envelopes.Seal(type);
            if (envelope is null)
            {
                return PolicySkip(expectation, skipped!);
            }

            change(run, envelope);
            return Expect.Refused(await run.DeliverAsync(envelope, token).ConfigureAwait(false), reason);
        });

    /// <summary>A participant of the trust list other than the target and <paramref name="not"/>.</summary>
    private static ParticipantId Another(CaseRun run, ParticipantId not) =>
        run.Credentials.Trust.Participants.Keys.OrderBy(p => p.ToString(), StringComparer.Ordinal)
            .FirstOrDefault(p => p != not && p != run.Target!.Id && p != run.Credentials.Participant)
        ?? ParticipantId.Parse($"{not.Country}/CONFORMANCE");
}
